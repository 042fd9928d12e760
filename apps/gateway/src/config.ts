import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { EnvReader, readBaseConfig, readTrustProxy, type BaseConfig } from '@mugharred/service-kit';
import { readVoiceConfig, type VoiceConfig } from '@mugharred/voice';

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
  /** Proxy hops trusted to report the client address (service-kit's readTrustProxy). */
  trustProxy: number;
  /** Janus control, to take a leaving member out of voice; null when voice is off. */
  voice: VoiceConfig | null;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<GatewayConfig> {
  const r = new EnvReader(env);
  const base = readBaseConfig(r, 3020);
  const config: GatewayConfig = {
    ...base,
    jwtSecret: r.secret('JWT_SECRET'),
    replicaId: r.string('REPLICA_ID', `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
    allowedOrigins: r.list('ALLOWED_ORIGINS', ['http://localhost:3010', 'http://localhost:5173']),
    ratePerSecond: r.int('RATE_PER_SECOND', 10, { min: 1, max: 100_000 }),
    rateBurst: r.int('RATE_BURST', 20, { min: 1, max: 1_000_000 }),
    waitReplicas: r.int('WAIT_REPLICAS', base.redis.kind === 'single' ? 0 : 1, { min: 0, max: 10 }),
    floodRefusals: r.int('FLOOD_REFUSALS', 50, { min: 1 }),
    floodWindowMs: r.int('FLOOD_WINDOW_MS', 10_000, { min: 100 }),
    pingIntervalMs: r.int('PING_INTERVAL_MS', 10_000, { min: 50, max: 15_000 }),
    presenceTtlMs: r.int('PRESENCE_TTL_MS', 20_000, { min: 100, max: 30_000 }),
    presenceRefreshMs: r.int('PRESENCE_REFRESH_MS', 5_000, { min: 20 }),
    presenceGraceMs: r.int('PRESENCE_GRACE_MS', 10_000, { min: 0, max: 60_000 }),
    drainSpreadMs: r.int('DRAIN_SPREAD_MS', 3_000, { min: 0, max: 60_000 }),
    drainTimeoutMs: r.int('DRAIN_TIMEOUT_MS', 5_000, { min: 100, max: 60_000 }),
    presenceCoalesceMs: r.int('PRESENCE_COALESCE_MS', 50, { min: 0, max: 1000 }),
    typingCoalesceMs: r.int('TYPING_COALESCE_MS', 400, { min: 50, max: 5000 }),
    maxSocketsPerUser: r.int('MAX_SOCKETS_PER_USER', 5, { min: 1, max: 100 }),
    connectionsPerAddress: r.int('UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS', 64, { min: 1, max: 100_000 }),
    sendBufferMaxBytes: r.int('SEND_BUFFER_MAX_BYTES', 1024 * 1024, { min: 1024 }),
    joinTimeoutMs: r.int('JOIN_TIMEOUT_MS', 10_000, { min: 100 }),
    invalidFrameBudget: r.int('INVALID_FRAME_BUDGET', 20, { min: 1 }),
    trustProxy: readTrustProxy(r),
    voice: readVoiceConfig(r),
  };
  if (config.presenceRefreshMs * 2 > config.presenceTtlMs) {
    r.problem('PRESENCE_REFRESH_MS must be at most half of PRESENCE_TTL_MS, or live sockets would flicker offline');
  }
  return r.done(config);
}
