import type { RedisClient } from '@mugharred/redis-schema';
import type { BaseApp } from './base-app.js';
import { connectionName } from './redis.js';

/**
 * Makes `app` own its Redis connections: their errors are logged (ioredis reconnects on its own; an 'error'
 * without a listener would throw) and they are closed with the app, after `beforeDisconnect` (e.g. a queue that
 * still needs its connection to close).
 */
export function ownRedis(app: BaseApp, connections: RedisClient[], beforeDisconnect?: () => Promise<void>): void {
  for (const conn of connections) {
    conn.on('error', (err: Error) => app.log.warn({ conn: connectionName(conn), err: err.message }, 'redis connection error'));
  }
  app.addHook('onClose', async () => {
    await beforeDisconnect?.();
    for (const conn of connections) conn.disconnect();
  });
}
