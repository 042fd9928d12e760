import type { RedisClient } from '@mugharred/redis-schema';
import type { Logger } from 'pino';

/**
 * Logs a Redis connection going down once (not on every reconnect attempt) and coming back. The 'error'
 * listener also keeps ioredis from reporting errors as unhandled; ioredis reconnects on its own.
 */
export function logConnection(conn: RedisClient, name: string, log: Logger): void {
  let down = false;
  conn.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ connection: name, err: err.message }, 'redis connection lost');
  });
  conn.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ connection: name }, 'redis connection back');
  });
}

/** Calls `fn` at most once per `ms`, dropping the calls in between (for errors that repeat while Redis is down). */
export function throttled<A extends unknown[]>(ms: number, fn: (...args: A) => void): (...args: A) => void {
  let last = -Infinity;
  return (...args) => {
    const now = Date.now();
    if (now - last < ms) return;
    last = now;
    fn(...args);
  };
}
