/**
 * `npm run bench -- send-script`: Redis's own time per send-message call (INFO commandstats), with no gateway
 * and no sockets: a room of 50 members sending in turn on a private Redis. `--stored` messages go first to grow
 * the dedup ids; with `--turned`, those then become the previous generation (as DEDUP_GENERATION_MS later),
 * so every measured message also looks there. Then `--messages` are measured, `--in-flight` at a time.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { appendMessage, createRoom, DEDUP_GENERATION_MS, joinRoom, keys } from '@mugharred/redis-schema';
import { loadRedisLib } from '../stack-lib.js';
import { machineBusyMs } from '../proc-stats.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    stored: { type: 'string', default: '100000' },
    messages: { type: 'string', default: '50000' },
    'in-flight': { type: 'string', default: '100' },
    'text-length': { type: 'string', default: '64' },
    turned: { type: 'boolean', default: false },
  },
});
const inFlight = Number(values['in-flight']);
const text = 'x'.repeat(Number(values['text-length']));
// Far above the load: this measures the script, not the budget's refusals.
const budget = { perSecond: 1e6, burst: 1e6 };

const { startPrivateRedis } = await loadRedisLib();
const server = await startPrivateRedis();
const redis = new Redis(server.url);
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  const now = Date.now();
  const pad = (s: string) => s.padEnd(22, '0');
  const room = { id: pad('r'), name: 'bench', hostId: pad('h'), epoch: 'e1', createdAt: now, expiresAt: now + 3600_000, maxParticipants: 50, isLocked: false };
  await createRoom(redis, room, { name: 'Host', role: 'host', joinedAt: now });
  const users = [room.hostId];
  for (let i = 1; i < 50; i++) {
    users.push(pad(`u${i}`));
    await joinRoom(redis, room.id, users[i]!, { name: `Member ${i}`, role: 'participant', joinedAt: now });
  }
  let sent = 0;
  const send = async (count: number) => {
    for (let done = 0; done < count; done += inFlight) {
      await Promise.all(
        Array.from({ length: Math.min(inFlight, count - done) }, () => {
          const userId = users[sent++ % users.length]!;
          return appendMessage(redis, { roomId: room.id, userId, name: 'Member', clientMsgId: crypto.randomUUID(), text }, budget);
        }),
      );
    }
  };
  await send(Number(values.stored));
  if (values.turned) await redis.hset(keys.senders(room.id), 'g', String(Date.now() - DEDUP_GENERATION_MS));
  await redis.config('RESETSTAT');
  const busy0 = machineBusyMs();
  const t0 = performance.now();
  await send(Number(values.messages));
  const wallMs = performance.now() - t0;
  const stat = (await redis.info('commandstats')).split('\n').find((l) => l.startsWith('cmdstat_evalsha:'));
  const usecPerCall = Number(/usec_per_call=([\d.]+)/.exec(stat ?? '')?.[1]);
  const memory = /used_memory_human:(\S+)/.exec(await redis.info('memory'))?.[1];
  const ids = (await redis.hlen(keys.senders(room.id))) + (await redis.hlen(keys.sendersBefore(room.id)));
  out(`send-script: ${values.messages} messages after ${values.stored} stored${values.turned ? ' (then turned into the previous generation)' : ''}, ${inFlight} in flight`);
  out(`Redis time per send: ${usecPerCall.toFixed(2)} µs; dedup and budget fields kept: ${ids}; Redis memory ${memory}`);
  out(`machine busy while measuring: ${((machineBusyMs() - busy0) / wallMs).toFixed(2)} cores`);
} finally {
  redis.disconnect();
  await server.stop();
}
