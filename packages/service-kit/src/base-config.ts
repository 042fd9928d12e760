import { Type, type Static } from 'typebox';
import type { Problem } from './env.js';
import { redisEnv, redisTarget, type RedisTarget } from './redis.js';

/** What every service reads. */
export interface BaseConfig {
  host: string;
  port: number;
  redis: RedisTarget;
  logLevel: string;
  /** Time a client has to send its request headers (HEADER_TIMEOUT_MS, at most 10 s). */
  headerTimeoutMs: number;
}

/** The variables every service reads; only the default port differs. */
export function baseEnv(defaultPort: number) {
  return Type.Object({
    HOST: Type.String({ default: '127.0.0.1', description: 'Listening address.' }),
    PORT: Type.Integer({ default: defaultPort, minimum: 0, maximum: 65535, description: 'Listening port.' }),
    ...redisEnv.properties,
    LOG_LEVEL: Type.String({ default: 'info', description: 'pino level: fatal, error, warn, info, debug, trace.' }),
    HEADER_TIMEOUT_MS: Type.Integer({
      default: 10_000,
      minimum: 100,
      maximum: 10_000,
      description: "Time a client has to send its request headers, in ms (Node's default of 60 s lets slow clients hold sockets).",
    }),
  });
}

export function baseConfig(vars: Static<ReturnType<typeof baseEnv>>, problem: Problem): BaseConfig {
  return {
    host: vars.HOST,
    port: vars.PORT,
    redis: redisTarget(vars, problem),
    logLevel: vars.LOG_LEVEL,
    headerTimeoutMs: vars.HEADER_TIMEOUT_MS,
  };
}
