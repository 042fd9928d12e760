export { loadConfig, ConfigError, type Problem } from './env.js';
export { Secret } from './secret.js';
export { baseEnv, baseConfig, type BaseConfig } from './base-config.js';
export { loggerOptions, pathOnly } from './logger.js';
export { createRedis, type RedisTarget, type RedisNode, type RedisRole } from './redis.js';
export { AppError, errorBody } from './errors.js';
export { StorageUnavailable } from './storage-unavailable.js';
export { jwtOptions, createTokenVerifier, checkToken, checkRoomToken, type TokenCheck, type Verifier } from './tokens.js';
export { createBaseApp, type BaseApp, type BaseAppOptions } from './base-app.js';
export { registerHealth } from './health.js';
export { ownRedis } from './own-redis.js';
export { onShutdown } from './shutdown.js';
export {
  apiSecurityEnv,
  apiSecurityConfig,
  registerApiPlugins,
  perMinute,
  bearerToken,
  requestClaims,
  type ApiSecurityConfig,
} from './api-kit.js';
export { runService } from './run-service.js';
export { trustProxyEnv, trustedHops, clientAddress, type TrustedHops } from './trust-proxy.js';
export { registerRequestDeadline, REQUEST_DEADLINE_MS } from './request-deadline.js';
export { checkEvictionPolicy, type EvictionCheck } from './eviction-check.js';
export { metricsRegistry, Counter, Gauge, Histogram } from './metrics.js';
