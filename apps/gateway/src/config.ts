import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { apiSecurityConfig, apiSecurityEnv, baseConfig, baseEnv, loadConfig, type BaseConfig } from '@mugharred/service-kit';
import { janusConfig, janusEnv, type JanusConfig } from '@mugharred/voice';

export interface GatewayConfig extends BaseConfig {
  jwtSecret: string;
  /** Unique per running replica; part of every presence entry. */
  replicaId: string;
  /** Browser origins allowed to open a socket. Requests without Origin (not a browser) are allowed. */
  allowedOrigins: string[];
  /** Per-user message budget shared by all their sockets on all replicas. */
  ratePerSecond: number;
  rateBurst: number;
  /**
   * Replicas that must hold a message before it is acknowledged (Redis WAIT), so a master failover cannot lose
   * an acknowledged message. Default 1 on a cluster, 0 on a single Redis.
   */
  waitReplicas: number;
  /** Refusals within floodWindowMs after which a socket is closed (4029). */
  floodRefusals: number;
  floodWindowMs: number;
  /** A socket that misses one ping round is closed at the next: dead connections go within 2 intervals. */
  pingIntervalMs: number;
  /** Presence entries live this long unless their replica refreshes them every presenceRefreshMs. */
  presenceTtlMs: number;
  presenceRefreshMs: number;
  /**
   * A member whose last socket drops stays shown online this long (0: shown leaving at once): a reload or a move
   * to another replica within it is seen by nobody.
   */
  presenceGraceMs: number;
  /** On SIGTERM, the replica's sockets are closed (1012) spread over this long, then it waits drainTimeoutMs more. */
  drainSpreadMs: number;
  drainTimeoutMs: number;
  /** Presence and other forwarded events of a room wait this long to go out together (0: at once). */
  presenceCoalesceMs: number;
  /** Typing signals of a room are published together once per this window (per replica); never stored. */
  typingCoalesceMs: number;
  /** Sockets one user may hold across every replica, joined or not (a lease in Redis per socket). */
  maxSocketsPerUser: number;
  /** Connections one address may hold before they authenticate (headers still arriving, upgrade unchecked). */
  connectionsPerAddress: number;
  /** A socket whose unsent data passes this is dropped (the client stopped reading). */
  sendBufferMaxBytes: number;
  /** Time a socket has to send join_room after the upgrade. */
  joinTimeoutMs: number;
  /** Invalid frames tolerated per socket before it is closed (1008). */
  invalidFrameBudget: number;
  /** Proxy hops trusted to report the client address (the same TRUST_PROXY as every service: service-kit's trustedHops). */
  trustProxy: number;
  /** Janus control, to take a leaving member out of voice; null when voice is off. */
  voice: JanusConfig | null;
}

/** Every variable the gateway reads; ../.env.example and README's table are generated from it (`npm run config:docs`). */
export const configSchema = Type.Object(
  {
    ...baseEnv(3020).properties,
    WAIT_REPLICAS: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10,
        description:
          'Replicas that must hold a message before its ack (Redis WAIT, up to 500 ms, else the send is refused and the client retries), so a failover ' +
          'cannot lose an acknowledged message. Default 1 with REDIS_CLUSTER_NODES or REDIS_SENTINELS, else 0; set 0 for a cluster without replicas.',
      }),
    ),
    ...apiSecurityEnv.properties,
    REPLICA_ID: Type.Optional(Type.String({ description: 'Unique name of this replica (default: hostname-pid-random); part of every presence entry.' })),
    ALLOWED_ORIGINS: Type.Array(Type.String(), {
      default: ['http://localhost:3010', 'http://localhost:5173'],
      description:
        'Browser origins allowed to open a socket (comma-separated; `npm start` sets EDGE_PORT on localhost, 127.0.0.1 and [::1], and Vite\'s :5173). ' +
        'Requests without Origin are not browsers and pass; a page opened elsewhere says so instead of reconnecting.',
    }),
    RATE_PER_SECOND: Type.Integer({ default: 10, minimum: 1, maximum: 100_000, description: "Per-user message budget shared by all of a user's sockets on all replicas: sustained rate." }),
    RATE_BURST: Type.Integer({ default: 20, minimum: 1, maximum: 1_000_000, description: 'Per-user message budget: burst.' }),
    FLOOD_REFUSALS: Type.Integer({ default: 50, minimum: 1, description: 'A socket refused this many times within FLOOD_WINDOW_MS is closed with 4029.' }),
    FLOOD_WINDOW_MS: Type.Integer({ default: 10_000, minimum: 100, description: 'The window of FLOOD_REFUSALS, in ms.' }),
    PING_INTERVAL_MS: Type.Integer({ default: 10_000, minimum: 50, maximum: 15_000, description: 'Ping every interval; a socket that missed the previous pong is closed (dead peers go within 2 intervals).' }),
    PRESENCE_TTL_MS: Type.Integer({ default: 20_000, minimum: 100, maximum: 30_000, description: 'Presence entries live this long unless refreshed every PRESENCE_REFRESH_MS: the sockets of a replica that dies stop counting within the TTL plus one refresh.' }),
    PRESENCE_REFRESH_MS: Type.Integer({ default: 5_000, minimum: 20, description: 'How often a replica refreshes its presence entries, in ms; at most half of PRESENCE_TTL_MS.' }),
    PRESENCE_GRACE_MS: Type.Integer({ default: 10_000, minimum: 0, maximum: 60_000, description: 'How long someone whose last socket dropped stays shown online, so a reload or a move to another replica (a deploy) shows no leave; 0 announces it at once.' }),
    DRAIN_SPREAD_MS: Type.Integer({ default: 3_000, minimum: 0, maximum: 60_000, description: 'On SIGTERM (a deploy) the replica refuses new sockets (503, /health 503 draining) and closes its sockets with 1012 and a reconnect hint spread over this long.' }),
    DRAIN_TIMEOUT_MS: Type.Integer({ default: 5_000, minimum: 100, maximum: 60_000, description: 'After DRAIN_SPREAD_MS, how long the replica waits at most for its sockets to finish before it exits.' }),
    PRESENCE_COALESCE_MS: Type.Integer({ default: 50, minimum: 0, maximum: 1000, description: 'Presence events of a room (joined, left, the participants list) wait this long and go out together, only the newest list of the burst; 0 sends each at once.' }),
    TYPING_COALESCE_MS: Type.Integer({ default: 400, minimum: 50, maximum: 5000, description: 'Typing signals of a room are published together once per this window by each replica (never stored).' }),
    MAX_SOCKETS_PER_USER: Type.Integer({
      default: 5,
      minimum: 1,
      maximum: 100,
      description: 'Sockets one user may hold (tabs), joined or not, across every replica; one more is closed with 4003.',
    }),
    UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS: Type.Integer({
      default: 64,
      minimum: 1,
      maximum: 100_000,
      description:
        'Connections one address may hold before authenticating (headers arriving, upgrade not yet checked); more are dropped at once. Behind the edge nginx connects only with a whole request.',
    }),
    SEND_BUFFER_MAX_BYTES: Type.Integer({ default: 1024 * 1024, minimum: 1024, description: 'Unsent bytes after which a client that stopped reading is dropped (4002).' }),
    JOIN_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, description: 'Time to send join_room after the upgrade (else 4004).' }),
    INVALID_FRAME_BUDGET: Type.Integer({ default: 20, minimum: 1, description: 'Invalid frames tolerated per socket before a 1008 close.' }),
    ...janusEnv.properties,
  },
  { description: 'gateway: WebSocket replicas relaying room traffic over Redis (replicas on ports 3020, 3021, ...).' },
);

export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  return loadConfig(configSchema, env, (vars, problem): GatewayConfig => {
    const base = baseConfig(vars, problem);
    if (vars.PRESENCE_REFRESH_MS * 2 > vars.PRESENCE_TTL_MS) {
      problem('PRESENCE_REFRESH_MS must be at most half of PRESENCE_TTL_MS, or live sockets would flicker offline');
    }
    return {
      ...base,
      ...apiSecurityConfig(vars, problem),
      replicaId: vars.REPLICA_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
      allowedOrigins: vars.ALLOWED_ORIGINS,
      ratePerSecond: vars.RATE_PER_SECOND,
      rateBurst: vars.RATE_BURST,
      waitReplicas: vars.WAIT_REPLICAS ?? (base.redis.kind === 'single' ? 0 : 1),
      floodRefusals: vars.FLOOD_REFUSALS,
      floodWindowMs: vars.FLOOD_WINDOW_MS,
      pingIntervalMs: vars.PING_INTERVAL_MS,
      presenceTtlMs: vars.PRESENCE_TTL_MS,
      presenceRefreshMs: vars.PRESENCE_REFRESH_MS,
      presenceGraceMs: vars.PRESENCE_GRACE_MS,
      drainSpreadMs: vars.DRAIN_SPREAD_MS,
      drainTimeoutMs: vars.DRAIN_TIMEOUT_MS,
      presenceCoalesceMs: vars.PRESENCE_COALESCE_MS,
      typingCoalesceMs: vars.TYPING_COALESCE_MS,
      maxSocketsPerUser: vars.MAX_SOCKETS_PER_USER,
      connectionsPerAddress: vars.UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS,
      sendBufferMaxBytes: vars.SEND_BUFFER_MAX_BYTES,
      joinTimeoutMs: vars.JOIN_TIMEOUT_MS,
      invalidFrameBudget: vars.INVALID_FRAME_BUDGET,
      voice: janusConfig(vars, problem),
    };
  });
}
