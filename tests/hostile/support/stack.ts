import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { freePort, startPrivateRedis, type PrivateRedis } from '../../../packages/testing/src/index.js';
import { startStack, type Stack } from '../../../apps/web/e2e/support/stack.js';
import { startService } from '../../../scripts/lib/services.mjs';
import { janusInstalled, startJanus, type RunningJanus, type StartJanusOptions } from '../../../infra/janus/start-janus.mjs';

type Service = Stack['gateways'][number];

/** Janus as `npm start` runs it beside the services (when it is installed), which a case may kill and start again. */
interface HostileJanus {
  current: RunningJanus | null;
  restart(): Promise<RunningJanus>;
}

/**
 * The product as `npm start` runs it (apps/web/e2e's stack: a private Redis, auth-api, rooms-api, two gateway
 * replicas, the worker and the nginx edge), with TRUST_PROXY=true as production runs it behind the edge, a
 * Redis a case can pause, and with `janus`, Janus and the services' JANUS_* settings.
 */
export interface HostileStack extends Stack {
  redis: PrivateRedis;
  services: Service[];
  byName(name: string): Service;
  /** Starts a service again after a case killed it (as npm start's supervisor does), in its place in `services`. */
  respawn(name: string): Promise<Service>;
  janus: HostileJanus | null;
}

async function startHostileStack(env: Record<string, string> = {}, opts: { janus?: boolean } = {}): Promise<HostileStack> {
  const redis = await startPrivateRedis();
  let janus: HostileJanus | null = null;
  let janusEnv: Record<string, string> = {};
  if (opts.janus && janusInstalled()) {
    const secret = () => randomBytes(24).toString('base64url');
    const options: StartJanusOptions = { apiSecret: secret(), adminSecret: secret(), adminKey: secret(), wsPort: await freePort(), adminPort: await freePort() };
    const running = { current: (await startJanus(options)) as RunningJanus | null };
    janus = Object.assign(running, { restart: async () => (running.current = await startJanus(options)) });
    janusEnv = {
      JANUS_API_SECRET: options.apiSecret,
      JANUS_ADMIN_SECRET: options.adminSecret,
      JANUS_ADMIN_KEY: options.adminKey,
      JANUS_API_URL: running.current!.wsUrl,
      JANUS_ADMIN_URL: running.current!.adminUrl,
    };
  }
  const stack = await startStack({ TRUST_PROXY: 'true', ...janusEnv, ...env }, { redis }).catch(async (err: unknown) => {
    await janus?.current?.stop();
    throw err;
  });
  const { services, byName } = stack.backend;
  return {
    ...stack,
    redis,
    services,
    byName: (name) => byName[name]!,
    respawn: async (name) => {
      const next = await byName[name]!.respawn();
      services[services.findIndex((s) => s.name === name)] = next;
      byName[name] = next;
      return next;
    },
    janus,
    stop: async () => {
      await stack.stop();
      await janus?.current?.stop();
    },
  };
}

/**
 * Starts the stack before a file's cases and stops it after; `env` goes to every service. The stack is returned
 * at once and filled in by the time the cases run.
 */
export function useHostileStack(env: Record<string, string> = {}, opts: { janus?: boolean } = {}): HostileStack {
  vi.setConfig({ testTimeout: 60_000, expect: { poll: { timeout: 10_000, interval: 100 } } });
  let started: HostileStack | undefined;
  beforeAll(async () => {
    started = await startHostileStack(env, opts);
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
  const starts = await Promise.allSettled(apps.map(async (app) => startService(app, await freePort(), env)));
  for (const s of starts) {
    expect(s.status).toBe('rejected');
    expect(String((s as PromiseRejectedResult).reason)).toMatch(why);
  }
}
