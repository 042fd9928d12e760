import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, vi } from 'vitest';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../../packages/testing/src/index.js';
import { startBackend } from '../../../scripts/lib/services.mjs';
import { startEdge } from '../../../scripts/lib/edge.mjs';

type Backend = Awaited<ReturnType<typeof startBackend>>;
export type Service = Backend['services'][number];

/**
 * The product as `npm start` runs it, on free ports: a private Redis (pausable), auth-api, rooms-api, two gateway
 * replicas, the worker, and the nginx edge in front with TRUST_PROXY=true, as production runs it.
 */
export interface HostileStack {
  /** The public origin: every hostile request goes through the edge unless a case is about a service itself. */
  origin: string;
  edgePort: number;
  redis: PrivateRedis;
  backend: Backend;
  services: Service[];
  gateways: Service[];
  byName(name: string): Service;
  stop(): Promise<void>;
}

export async function startHostileStack(env: Record<string, string> = {}): Promise<HostileStack> {
  const redis = await startPrivateRedis();
  const edgePort = await freePort();
  const origin = `http://127.0.0.1:${edgePort}`;
  const ports = { auth: await freePort(), rooms: await freePort(), gateways: [await freePort(), await freePort()], worker: await freePort() };
  let backend: Backend | undefined;
  try {
    backend = await startBackend({
      redisUrl: redis.url,
      jwtSecret: randomBytes(32).toString('base64url'),
      ports,
      env: { LOG_LEVEL: 'warn', TRUST_PROXY: 'true', ...env },
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
    const started = backend;
    return {
      origin,
      edgePort,
      redis,
      backend: started,
      services: started.services,
      gateways: started.services.filter((s) => s.name.startsWith('gateway-')),
      byName: (name) => started.byName[name]!,
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

/**
 * Starts the stack before a file's cases and stops it after; `env` goes to every service. The stack is returned
 * at once and filled in by the time the cases run.
 */
export function useHostileStack(env: Record<string, string> = {}): HostileStack {
  vi.setConfig({ testTimeout: 60_000, expect: { poll: { timeout: 10_000, interval: 100 } } });
  let started: HostileStack | undefined;
  beforeAll(async () => {
    started = await startHostileStack(env);
  }, 90_000);
  afterAll(async () => started?.stop());
  return new Proxy({} as HostileStack, {
    get: (_target, key) => {
      if (!started) throw new Error('the hostile stack is used before it started');
      return started[key as keyof HostileStack];
    },
  });
}

/** Generous per-IP limits for files whose cases are not about them: every request reaches the services from one address. */
export const ROOMY_LIMITS = {
  LOGIN_RATE_PER_MINUTE: '10000',
  CREATE_ROOM_RATE_PER_MINUTE: '10000',
  JOIN_ROOM_RATE_PER_MINUTE: '10000',
  REFRESH_RATE_PER_MINUTE: '10000',
};
