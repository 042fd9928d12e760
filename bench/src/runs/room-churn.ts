/**
 * `npm run bench -- room-churn`: rooms created through rooms-api at a steady rate for `--duration` seconds
 * (default 3600: the hour), each joined by its host over a gateway, a few messages sent, then left to expire
 * (the worker's jobs). ROOM_MINUTE_MS shortens a room "minute" so a 15-minute room lasts `--room-seconds`.
 * Samples Redis (keys, memory) and each service's RSS along the way, and once every room has expired compares
 * them with the baseline taken before the first room: what is left beside the rooms' fates (one small key per
 * room, kept 30 days on purpose) and BullMQ's capped job records.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { rssBytes } from '../proc-stats.js';
import { loadRedisLib, loadServicesLib, type LaunchedService } from '../stack-lib.js';
import { join, type Joined } from './run-clients.js';
import { mb, redisFootprint, sleep } from './run-stack.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    duration: { type: 'string', default: '3600' },
    rate: { type: 'string', default: '2' },
    'room-seconds': { type: 'string', default: '30' },
    messages: { type: 'string', default: '5' },
    'sample-every': { type: 'string', default: '60' },
  },
});
const durationS = Number(values.duration);
const rate = Number(values.rate);
const roomS = Number(values['room-seconds']);
const messages = Number(values.messages);
const out = (line: string) => process.stdout.write(`${line}\n`);

const { startPrivateRedis, freePort } = await loadRedisLib();
const { startService } = await loadServicesLib();
const redis = await startPrivateRedis();
const env = {
  REDIS_URL: redis.url,
  JWT_SECRET: randomBytes(32).toString('base64url'),
  LOG_LEVEL: 'warn',
  // A 15-minute room lasts roomS seconds.
  ROOM_MINUTE_MS: String(Math.round((roomS * 1000) / 15)),
  CREATE_ROOM_RATE_PER_MINUTE: '100000',
  JOIN_ROOM_RATE_PER_MINUTE: '100000',
};
const services: LaunchedService[] = [];
try {
  for (const app of ['rooms-api', 'gateway', 'worker']) services.push(await startService(app, await freePort(), env));
  const [rooms, gateway] = services as [LaunchedService, LaunchedService, LaunchedService];
  const admin = new Redis(redis.url);
  const rss = () => services.map((s) => `${s.name} ${mb(rssBytes(s.pid))} MB`).join(', ');
  const census = async () => {
    const keys = await admin.keys('*');
    const fates = keys.filter((k) => k.endsWith(':fate')).length;
    const jobs = keys.filter((k) => k.startsWith('{mq}:')).length;
    const others = keys.filter((k) => !k.endsWith(':fate') && !k.startsWith('{mq}:'));
    return { total: keys.length, fates, jobs, rest: others.length, others, usedBytes: (await redisFootprint(redis.url)).usedBytes };
  };
  const describe = (c: Awaited<ReturnType<typeof census>>) =>
    `Redis ${c.total} keys (${c.fates} fates, ${c.jobs} BullMQ, ${c.rest} other), ${mb(c.usedBytes)} MB used`;
  await sleep(2000);
  const baseline = { census: await census(), rss: rss() };
  out(`room churn: ${rate} rooms/s for ${durationS} s, each lasting ${roomS} s with ${messages} messages`);
  out(`  baseline: ${describe(baseline.census)}; ${baseline.rss}`);

  let created = 0;
  let failed = 0;
  let expired = 0;
  const live = new Set<Promise<void>>();
  const life = async () => {
    const res = await fetch(`${rooms.url}/api/create-room`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `churn ${created}`, maxParticipants: 5, duration: 15, hostName: 'Churn' }),
    });
    if (res.status !== 200) throw new Error(`create-room answered ${res.status}`);
    const { roomId, token } = (await res.json()) as { roomId: string; token: string };
    created++;
    const host: Joined = await join({ port: gateway.port, server: 0, token, roomId });
    for (let i = 0; i < messages; i++) host.ws.send(JSON.stringify({ type: 'send_message', roomId, text: `message ${i}`, clientMsgId: `m${i}` }));
    if ((await host.closed) === 4503) expired++;
  };
  const started = Date.now();
  let nextSample = started + Number(values['sample-every']) * 1000;
  for (let n = 0; Date.now() - started < durationS * 1000; n++) {
    const p = life().catch(() => void failed++);
    live.add(p);
    void p.finally(() => live.delete(p));
    await sleep(Math.max(0, started + ((n + 1) * 1000) / rate - Date.now()));
    if (Date.now() >= nextSample) {
      nextSample += Number(values['sample-every']) * 1000;
      out(`  at ${Math.round((Date.now() - started) / 1000)} s: ${created} rooms made, ${live.size} live, ${expired} expired; ${describe(await census())}; ${rss()}`);
    }
  }
  await Promise.all([...live]);
  await sleep(3000);
  const end = await census();
  out(`  after the last room expired: ${created} rooms made, ${expired} expired with their host told (4503), ${failed} failed`);
  out(`  end: ${describe(end)}; ${rss()}`);
  out(
    `  keys beside fates and BullMQ records: ${end.rest} (baseline ${baseline.census.rest}: ${baseline.census.others.join(', ')}; now ${end.others.join(', ')}); Redis memory ${mb(end.usedBytes - baseline.census.usedBytes)} MB above baseline ` +
      `(fates and job records included)`,
  );
  admin.disconnect();
} finally {
  await Promise.all(services.map((s) => s.stop()));
  await redis.stop();
}
