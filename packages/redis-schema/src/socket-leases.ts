import type { RedisClient } from './client.js';
import { keys } from './keys.js';
import { runScript } from './scripts.js';

/**
 * Counts a new socket of `userId` against the per-user cap across every replica: true when it may stay (a lease of
 * `leaseMs`, kept alive by renewSocketLeases), false when the user already holds `max` sockets, joined or not.
 */
export async function claimSocket(redis: RedisClient, userId: string, connId: string, max: number, leaseMs: number): Promise<boolean> {
  return (await runScript(redis, 'claimSocket', [keys.userSockets(userId)], [connId, max, leaseMs])) === 1;
}

/** Keeps the leases of a user's open sockets on this replica for `leaseMs` more. */
export async function renewSocketLeases(redis: RedisClient, userId: string, connIds: readonly string[], leaseMs: number): Promise<void> {
  await runScript(redis, 'renewSockets', [keys.userSockets(userId)], [leaseMs, ...connIds]);
}

/** A closed socket stops counting at once. */
export async function releaseSocket(redis: RedisClient, userId: string, connId: string): Promise<void> {
  await redis.zrem(keys.userSockets(userId), connId);
}
