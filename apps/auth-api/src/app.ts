import type { RedisClient } from '@mugharred/redis-schema';
import { createBaseApp, createRedis, ownRedis, registerApiPlugins, registerHealth, type RedisTarget } from '@mugharred/service-kit';
import type { AuthConfig } from './config.js';
import { registerLogin } from './routes/login.js';
import { registerRefresh } from './routes/refresh.js';

export interface AuthDeps {
  /** Commands (room membership checks on refresh, /health). */
  redis: RedisClient;
  /** The per-IP rate limiter's own connection. */
  limiter: RedisClient;
}

export function connect(target: RedisTarget): AuthDeps {
  return { redis: createRedis(target, 'command', 'auth-api'), limiter: createRedis(target, 'limiter', 'auth-api-limiter') };
}

/** The auth API, not listening. It owns `deps` and closes them with the app. */
export async function buildApp(config: AuthConfig, deps: AuthDeps = connect(config.redis)) {
  const app = createBaseApp({ service: 'auth-api', logLevel: config.logLevel, trustProxy: config.trustProxy, headerTimeoutMs: config.headerTimeoutMs });
  ownRedis(app, [deps.redis, deps.limiter]);
  await registerApiPlugins(app, { jwtSecret: config.jwtSecret, limiter: deps.limiter });
  registerHealth(app, 'auth-api', deps.redis);
  registerLogin(app, config.loginPerMinute);
  registerRefresh(app, deps.redis, config.refreshPerMinute);
  return app;
}
