import helmet from '@fastify/helmet';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { RedisClient } from '@mugharred/redis-schema';
import type { BaseApp } from './base-app.js';
import { Type, type Static } from 'typebox';
import type { Problem } from './env.js';
import { Secret } from './secret.js';
import { AppError } from './errors.js';
import { registerRequestDeadline } from './request-deadline.js';
import type { TokenClaims, VerifiedClaims } from '@mugharred/protocol';
import { checkToken, jwtOptions } from './tokens.js';
import { trustedHops, trustProxyEnv, type TrustedHops } from './trust-proxy.js';

/** What the services facing clients (auth-api, rooms-api, the gateway) read beside the base config. */
export interface ApiSecurityConfig {
  /** HS256 secret shared with every service, at least 32 bytes. */
  jwtSecret: string;
  /** Proxy hops trusted to report the client IP in X-Forwarded-For (see trust-proxy.ts); 0 without a proxy. */
  trustProxy: TrustedHops;
}

/** The variables of apiSecurityConfig. */
export const apiSecurityEnv = Type.Object({
  JWT_SECRET: Secret('HS256 secret shared by every service: at least 32 random bytes (e.g. `openssl rand -base64 32`); required.'),
  ...trustProxyEnv.properties,
});

export function apiSecurityConfig(vars: Static<typeof apiSecurityEnv>, problem: Problem): ApiSecurityConfig {
  return { jwtSecret: vars.JWT_SECRET, trustProxy: trustedHops(vars, problem) };
}

/**
 * Security headers, the JWT signer/verifier (HS256 pinned) and per-IP rate limits counted in Redis, so the
 * budget holds across restarts and replicas. `limiter` must be a connection of its own: the rate-limit plugin
 * defines a Redis command named `rateLimit`, which would clash with redis-schema's script of the same name.
 * Limits are per route (`perMinute`); a limiter that cannot reach Redis lets the request through, and the
 * route itself then answers 503 if it needs storage. One deadline covers the whole request, limiter included.
 */
export async function registerApiPlugins(app: BaseApp, opts: { jwtSecret: string; limiter: RedisClient }): Promise<void> {
  registerRequestDeadline(app);
  await app.register(helmet);
  await app.register(jwt, jwtOptions(opts.jwtSecret));
  await app.register(rateLimit, {
    global: false,
    redis: opts.limiter,
    nameSpace: 'http-rate:',
    skipOnError: true,
    onExceeded: (req) => req.log.warn({ route: req.routeOptions.url }, 'rate limit hit'),
  });
  // Clients often send Content-Type: application/json on body-less POSTs (refresh, lock, end); accept them.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
    body === '' ? done(null, undefined) : parseJson(req, body as string, done),
  );
}

/** Route config for a per-IP limit of `max` requests a minute. */
export const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } });

/**
 * The bearer token of a request: null when there is no Authorization header at all; a header that is not
 * `Bearer <token>` is refused rather than ignored.
 */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
  return match[1]!;
}

const TOKEN_REFUSALS = {
  token_expired: 'The token has expired: refresh it or log in again',
  invalid_token: 'The token is not valid',
} as const;

/**
 * The verified claims of the request's bearer token, or null when it has none. A token that is present but
 * expired, forged or malformed is a 401, never silently ignored.
 */
export function requestClaims(req: FastifyRequest): (TokenClaims & VerifiedClaims) | null {
  const token = bearerToken(req);
  if (token === null) return null;
  const res = checkToken(req.server.jwt, token);
  if (res.ok) return res.claims;
  req.log.warn({ code: res.code }, 'token refused');
  throw new AppError(res.code, TOKEN_REFUSALS[res.code]);
}
