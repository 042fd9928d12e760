import { Redis } from 'ioredis';

export interface RedisCommandStat {
  command: string;
  calls: number;
  /** Microseconds Redis spent executing the command (not reading or writing sockets). */
  usec: number;
}

/** INFO commandstats of the round's Redis, busiest command first. */
export async function readCommandStats(url: string): Promise<RedisCommandStat[]> {
  const redis = new Redis(url, { lazyConnect: true });
  try {
    await redis.connect();
    const info = await redis.info('commandstats');
    const stats: RedisCommandStat[] = [];
    for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      stats.push({ command: m[1]!, calls: Number(m[2]), usec: Number(m[3]) });
    }
    return stats.sort((a, b) => b.usec - a.usec);
  } finally {
    redis.disconnect();
  }
}
