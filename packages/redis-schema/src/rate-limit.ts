import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import { runScript } from './scripts.js';

export interface RateBudget {
  /** Sustained messages per second. */
  perSecond: number;
  /** Messages that may go at once after a quiet spell. */
  burst: number;
}

/** Takes one message from the user's budget, shared by all their sockets on all replicas. */
export async function takeMessageToken(
  redis: Redis,
  userId: string,
  budget: RateBudget,
): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const [allowed, retry] = (await runScript(redis, 'rateLimit', [keys.rate(userId)], [budget.perSecond, budget.burst])) as [
    number,
    number,
  ];
  return { allowed: allowed === 1, retryAfterMs: retry };
}
