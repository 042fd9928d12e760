import type { EnvReader } from './env.js';
import { readRedisTarget, type RedisTarget } from './redis.js';

/** What every service reads. */
export interface BaseConfig {
  host: string;
  port: number;
  redis: RedisTarget;
  logLevel: string;
  /** Time a client has to send its request headers (HEADER_TIMEOUT_MS, at most 10 s). */
  headerTimeoutMs: number;
}

export function readBaseConfig(r: EnvReader, defaultPort: number): BaseConfig {
  return {
    host: r.string('HOST', '127.0.0.1'),
    port: r.int('PORT', defaultPort, { min: 0, max: 65535 }),
    redis: readRedisTarget(r),
    logLevel: r.string('LOG_LEVEL', 'info'),
    headerTimeoutMs: r.int('HEADER_TIMEOUT_MS', 10_000, { min: 100, max: 10_000 }),
  };
}
