/**
 * Reconnect delay for the n-th consecutive failed attempt (0-based): exponential from `baseMs` up to `maxMs`,
 * with "equal jitter" (half fixed, half random) so that a replica restart does not bring every tab back at once
 * and no tab retries in a tight loop.
 */
export function backoffDelay(attempt: number, baseMs = 500, maxMs = 10_000, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
