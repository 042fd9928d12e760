import type { Redis } from 'ioredis';

/**
 * Resolves once `subscriber` has emitted every message Redis published to it before this call: Redis answers a
 * PING on a subscribed connection after the messages it already sent there, so no delay has to be guessed.
 */
export function heardSoFar(subscriber: Redis): Promise<unknown> {
  return subscriber.ping();
}
