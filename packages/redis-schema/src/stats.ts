import type { RedisClient } from './client.js';
import { keys, STATS_TTL_SECONDS } from './keys.js';

export interface HealthStats {
  rooms: number;
  /** Members of live rooms (the capacity count). */
  participants: number;
  /** Distinct members with a live socket. */
  online: number;
  messagesPerMinute: number;
  /** Unix ms of the metrics job run that wrote this. */
  updatedAt: number;
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/** Adds to this minute's stored-message counter (gateways batch their counts). */
export async function countStoredMessages(redis: RedisClient, n: number, nowMs = Date.now()): Promise<void> {
  const key = keys.messagesInMinute(minuteOf(nowMs));
  await redis.multi().incrby(key, n).expire(key, STATS_TTL_SECONDS).exec();
}

/** Messages stored in the last complete minute. */
export async function messagesInLastMinute(redis: RedisClient, nowMs = Date.now()): Promise<number> {
  return Number((await redis.get(keys.messagesInMinute(minuteOf(nowMs) - 1))) ?? 0);
}

export async function writeHealthStats(redis: RedisClient, stats: HealthStats): Promise<void> {
  await redis
    .multi()
    .hset(keys.stats(), {
      rooms: stats.rooms,
      participants: stats.participants,
      online: stats.online,
      messagesPerMinute: stats.messagesPerMinute,
      updatedAt: stats.updatedAt,
    })
    .expire(keys.stats(), STATS_TTL_SECONDS)
    .exec();
}

/** The last snapshot of the metrics job, zeros when none was written yet. */
export async function readHealthStats(redis: RedisClient): Promise<HealthStats> {
  const h = await redis.hgetall(keys.stats());
  const n = (v: string | undefined) => Number(v ?? 0) || 0;
  return {
    rooms: n(h.rooms),
    participants: n(h.participants),
    online: n(h.online),
    messagesPerMinute: n(h.messagesPerMinute),
    updatedAt: n(h.updatedAt),
  };
}
