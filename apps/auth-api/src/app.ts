import type { Redis } from 'ioredis';
import { createBaseApp, createRedis, registerApiPlugins, registerHealth } from '@mugharred/service-kit';
import type { AuthConfig } from './config.js';
import { registerLogin } from './routes/login.js';
import { registerRefresh } from './routes/refresh.js';

export interface AuthDeps {
  /** Commands (room membership checks on refresh, /health). */
  redis: Redis;
  /** The per-IP rate limiter's own connection. */
  limiter: Redis;
}

export function connect(redisUrl: string): AuthDeps {
  return { redis: createRedis(redisUrl, 'command', 'auth-api'), limiter: createRedis(redisUrl, 'limiter', 'auth-api-limiter') };
}

/** The auth API, not listening. It owns `deps` and closes them with the app. */
export async function buildApp(config: AuthConfig, deps: AuthDeps = connect(config.redisUrl)) {
  const app = createBaseApp({ service: 'auth-api', logLevel: config.logLevel, trustProxy: config.trustProxy, headerTimeoutMs: config.headerTimeoutMs });
  for (const conn of [deps.redis, deps.limiter]) {
    conn.on('error', (err: Error) => app.log.warn({ conn: conn.options.connectionName, err: err.message }, 'redis connection error'));
  }
  app.addHook('onClose', async () => {
    deps.redis.disconnect();
    deps.limiter.disconnect();
  });
  await registerApiPlugins(app, { jwtSecret: config.jwtSecret, limiter: deps.limiter });
  registerHealth(app, 'auth-api', deps.redis);
  registerLogin(app, config.loginPerMinute);
  registerRefresh(app, deps.redis, config.refreshPerMinute);
  return app;
}
