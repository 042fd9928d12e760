import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startPrivateRedis } from '../../scripts/lib/redis.mjs';
import { startService } from '../../scripts/lib/services.mjs';
import { rollingRestart } from './lib/rolling-restart.mjs';

type Service = Awaited<ReturnType<typeof startService>>;

describe('the rolling restart of npm run update:server, over two real gateway replicas', () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  const running = new Map<string, Service>();
  let secretEnv: Record<string, string>;
  const start = async (unit: string) => {
    const port = Number(unit.split('@')[1]);
    running.set(unit, await startService('gateway', port, { ...secretEnv, REPLICA_ID: unit }, { name: unit }));
  };
  // What `systemctl restart mugharred-gateway@<port>` does: SIGTERM (the gateway drains), wait for exit, start.
  const restart = async (unit: string) => {
    await running.get(unit)?.stop();
    void start(unit);
  };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    secretEnv = { REDIS_URL: redis.url, JWT_SECRET: randomBytes(32).toString('base64url'), LOG_LEVEL: 'warn' };
    for (const port of [await freePort(), await freePort()]) await start(`mugharred-gateway@${port}`);
  }, 60_000);
  afterAll(async () => {
    for (const s of running.values()) await s.stop();
    await redis?.stop();
  });

  const healthUrl = (unit: string) => `http://127.0.0.1:${unit.split('@')[1]}/health`;
  const answers = (unit: string) => fetch(healthUrl(unit), { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);

  it('restarts each replica only after the one before answers /health again, so one always answers', async () => {
    const units = [...running.keys()];
    const pids = units.map((u) => running.get(u)!.pid);
    let bothDown = 0;
    let polls = 0;
    let rolling = true;
    const watch = (async () => {
      while (rolling) {
        const up = await Promise.all(units.map(answers));
        polls++;
        if (!up.some(Boolean)) bothDown++;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const log: string[] = [];
    await rollingRestart(units, { restart, healthUrl, log: (l) => log.push(l) });
    rolling = false;
    await watch;
    units.forEach((u, i) => expect(running.get(u)!.pid).not.toBe(pids[i]));
    expect(log.filter((l) => l.startsWith('restarting'))).toEqual(units.map((u) => `restarting ${u}`));
    expect(polls).toBeGreaterThan(5);
    expect(bothDown).toBe(0);
  }, 90_000);

  it('stops at a replica that does not come back and leaves the ones after it alone', async () => {
    const [first, second] = [...running.keys()];
    const secondPid = running.get(second!)!.pid;
    const neverBack = async (unit: string) => void (await running.get(unit)?.stop());
    await expect(rollingRestart([first!, second!], { restart: neverBack, healthUrl, timeoutMs: 1500 })).rejects.toThrow(
      `${first} did not answer ${healthUrl(first!)} within 1.5 s; the units after it were not restarted`,
    );
    expect(running.get(second!)!.pid).toBe(secondPid);
    expect(await answers(second!)).toBe(true);
  }, 30_000);
});
