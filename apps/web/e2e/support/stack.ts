import { randomBytes } from 'node:crypto';
import { freePort, startPrivateRedis } from '../../../../scripts/lib/redis.mjs';
import { startBackend } from '../../../../scripts/lib/services.mjs';
import { startEdge } from '../../../../scripts/lib/edge.mjs';

type Backend = Awaited<ReturnType<typeof startBackend>>;
type Service = Backend['services'][number];

export interface Stack {
  /** The public origin, as a browser sees it. */
  origin: string;
  edgePort: number;
  backend: Backend;
  gateways: Service[];
  /** Open sockets per gateway replica, from each replica's own /health. */
  connections(): Promise<number[]>;
  stop(): Promise<void>;
}

/** A Redis the caller started (and the stack stops with itself), e.g. one a test pauses. */
export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * The whole product on free ports: a private Redis (or `redis`), auth-api, rooms-api, two gateway replicas, the
 * worker, and the nginx edge in front, serving the built app from apps/web/dist.
 */
export async function startStack(env: Record<string, string> = {}, opts: { redis?: OwnRedis } = {}): Promise<Stack> {
  const redis: OwnRedis = opts.redis ?? (await startPrivateRedis());
  const edgePort = await freePort();
  const origin = `http://127.0.0.1:${edgePort}`;
  const ports = {
    auth: await freePort(),
    rooms: await freePort(),
    gateways: [await freePort(), await freePort()],
    worker: await freePort(),
  };
  let backend: Backend | undefined;
  try {
    backend = await startBackend({
      redisUrl: redis.url,
      jwtSecret: randomBytes(32).toString('base64url'),
      ports,
      env: { LOG_LEVEL: 'warn', ...env },
      envFor: { gateway: { ALLOWED_ORIGINS: origin } },
      stdio: 'pipe',
    });
    const edge = await startEdge({
      port: edgePort,
      authUrl: backend.urls.auth,
      roomsUrl: backend.urls.rooms,
      gatewayUrls: backend.urls.gateways,
      stdio: 'pipe',
    });
    const gateways = backend.services.filter((s) => s.name.startsWith('gateway-'));
    const started = backend;
    return {
      origin,
      edgePort,
      backend: started,
      gateways,
      connections: () =>
        Promise.all(
          gateways.map(async (g) => {
            const health = (await (await fetch(`${g.url}/health`)).json()) as { connections: number };
            return health.connections;
          }),
        ),
      stop: async () => {
        await edge.stop();
        await started.stop();
        await redis.stop();
      },
    };
  } catch (err) {
    await backend?.stop();
    await redis.stop();
    throw err;
  }
}
