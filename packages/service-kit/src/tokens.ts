import {
  RoomClaims,
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  TOKEN_REQUIRED_CLAIMS,
  TOKEN_TTL_SECONDS,
  TokenClaims,
  type VerifiedClaims,
} from '@mugharred/protocol';
import type { FastifyJWTOptions } from '@fastify/jwt';
import { createVerifier, type VerifierOptions } from 'fast-jwt';
import { Compile } from 'typebox/compile';

/**
 * What every verifier checks: HS256 only (no `alg: none`, no other algorithm), our issuer and audience, and
 * that exp, iss, aud and kind are there at all (fast-jwt checks iss/aud only when present, and a token without
 * exp would never expire).
 */
const VERIFY: Partial<VerifierOptions> = {
  algorithms: [TOKEN_ALGORITHM],
  allowedIss: TOKEN_ISSUER,
  allowedAud: TOKEN_AUDIENCE,
  requiredClaims: [...TOKEN_REQUIRED_CLAIMS],
};

/** @fastify/jwt options shared by every service: HS256 pinned, iss/aud set and checked, 1-hour expiry. */
export function jwtOptions(secret: string): FastifyJWTOptions {
  return {
    secret,
    sign: { algorithm: TOKEN_ALGORITHM, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, expiresIn: `${TOKEN_TTL_SECONDS}s` },
    verify: VERIFY,
  };
}

/**
 * The same checks as jwtOptions' verifier, built once, for a service that verifies tokens outside a request
 * (the gateway's upgrade): fast-jwt directly skips @fastify/jwt's per-call option merging.
 */
export function createTokenVerifier(secret: string): Verifier {
  const verify = createVerifier({ key: secret, ...VERIFY });
  return { verify: <T>(token: string) => verify(token) as T };
}

const tokenClaims = Compile(TokenClaims);
const roomClaims = Compile(RoomClaims);

export type TokenCheck<T> = { ok: true; claims: T & VerifiedClaims } | { ok: false; code: 'token_expired' | 'invalid_token' };

export interface Verifier {
  verify<T>(token: string): T;
}

/** Verifies a token and the shape of its claims. Never throws: an expired token is an answer, not a crash. */
export function checkToken(jwt: Verifier, token: string): TokenCheck<TokenClaims> {
  try {
    const claims = jwt.verify<TokenClaims & VerifiedClaims>(token);
    if (!tokenClaims.Check(claims)) return { ok: false, code: 'invalid_token' };
    return { ok: true, claims };
  } catch (err) {
    const code = (err as { code?: string }).code;
    return { ok: false, code: code === 'FAST_JWT_EXPIRED' ? 'token_expired' : 'invalid_token' };
  }
}

/** Like checkToken, but only a room token (kind room, with roomId and role) passes. */
export function checkRoomToken(jwt: Verifier, token: string): TokenCheck<RoomClaims> | { ok: false; code: 'room_token_required' } {
  const res = checkToken(jwt, token);
  if (!res.ok) return res;
  if (res.claims.kind !== 'room' || !roomClaims.Check(res.claims)) return { ok: false, code: 'room_token_required' };
  return res as TokenCheck<RoomClaims>;
}
