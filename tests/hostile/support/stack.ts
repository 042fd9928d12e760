import { afterAll, beforeAll, expect, vi } from 'vitest';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../../packages/testing/src/index.js';
import { startStack, type Stack } from '../../../apps/web/e2e/support/stack.js';
import { startService } from '../../../scripts/lib/services.mjs';

type Service = Stack['gateways'][number];

/**
 * The product as `npm start` runs it (apps/web/e2e's stack: a private Redis, auth-api, rooms-api, two gateway
 * replicas, the worker and the nginx edge), with TRUST_PROXY=true as production runs it behind the edge, and a
 * Redis a case can pause.
 */
export interface HostileStack extends Stack {
  redis: PrivateRedis;
  services: Service[];
  byName(name: string): Service;
}

async function startHostileStack(env: Record<string, string> = {}): Promise<HostileStack> {
  const redis = await startPrivateRedis();
  const stack = await startStack({ TRUST_PROXY: 'true', ...env }, { redis });
  return { ...stack, redis, services: stack.backend.services, byName: (name) => stack.backend.byName[name]! };
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

/** Generous per-IP limits for cases not about them: every request reaches the services from one address. */
export const ROOMY_LIMITS = {
  LOGIN_RATE_PER_MINUTE: '10000',
  CREATE_ROOM_RATE_PER_MINUTE: '10000',
  JOIN_ROOM_RATE_PER_MINUTE: '10000',
  REFRESH_RATE_PER_MINUTE: '10000',
};

/** Starts each app (apps/<app>) as a real process with `env` and expects every one to refuse to start, saying `why`. */
export async function expectRefusedToStart(apps: readonly string[], env: Record<string, string>, why: RegExp): Promise<void> {
  const starts = await Promise.allSettled(apps.map(async (app) => startService(app, app, await freePort(), env, { stdio: 'pipe' })));
  for (const s of starts) {
    expect(s.status).toBe('rejected');
    expect(String((s as PromiseRejectedResult).reason)).toMatch(why);
  }
}
