import { Redis, type RedisOptions } from 'ioredis';
import type { RedisTarget } from './redis.js';

export type EvictionCheck =
  | { ok: true }
  | { ok: false; policy: string }
  | { ok: 'unchecked'; reason: string };

/**
 * Whether Redis may evict keys. Everything Mugharred keeps (rooms, members, history, BullMQ's jobs) must stay
 * until it expires or is deleted; under any policy but `noeviction` a full Redis silently drops some of it.
 * Managed Redis often disables CONFIG: then the policy cannot be read, which is reported, not fatal.
 */
export async function checkEvictionPolicy(target: RedisTarget, timeoutMs = 3000): Promise<EvictionCheck> {
  if (target.kind === 'single') return checkServer(target.url, timeoutMs);
  if (target.kind === 'sentinel') return checkServer({ sentinels: target.sentinels, name: target.master }, timeoutMs);
  // Each node of a cluster has its own policy: the configured seed nodes must all refuse to evict.
  for (const node of target.nodes) {
    const check = await checkServer(`redis://${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`, timeoutMs);
    if (check.ok !== true) return check;
  }
  return { ok: true };
}

async function checkServer(where: string | RedisOptions, timeoutMs: number): Promise<EvictionCheck> {
  const options: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: timeoutMs, connectTimeout: timeoutMs };
  const redis = typeof where === 'string' ? new Redis(where, options) : new Redis({ ...where, ...options, sentinelRetryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy === undefined) return { ok: 'unchecked', reason: 'CONFIG GET returned no maxmemory-policy' };
    return policy === 'noeviction' ? { ok: true } : { ok: false, policy };
  } catch (err) {
    return { ok: 'unchecked', reason: (err as Error).message };
  } finally {
    redis.disconnect();
  }
}
