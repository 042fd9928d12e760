import { createHmac } from 'node:crypto';

const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export interface ForgeOptions {
  /** HMAC secret; ignored for alg 'none'. */
  secret: string;
  /** 'HS256' (our algorithm), 'HS512' (another HMAC one) or 'none' (unsigned). */
  alg?: 'HS256' | 'HS512' | 'none';
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  /** Registered claims to leave out (a verifier must refuse a token missing any of exp, iss, aud, kind). */
  omit?: readonly string[];
}

/**
 * Builds a JWT by hand, without the services' signer, so tests can make the tokens a service must refuse
 * (unsigned, another algorithm or secret, expired) as well as valid ones. iss/aud are protocol's 'mugharred'
 * unless the claims override them, and `kind` is 'room' for claims with a roomId, else 'login'.
 */
export function forgeToken(claims: Record<string, unknown>, opts: ForgeOptions): string {
  const alg = opts.alg ?? 'HS256';
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (opts.expiresIn ?? 3600);
  const kind = 'roomId' in claims ? 'room' : 'login';
  const payload: Record<string, unknown> = { iss: 'mugharred', aud: 'mugharred', iat: Math.min(now, exp - 1), exp, kind, ...claims };
  for (const name of opts.omit ?? []) delete payload[name];
  const body = `${part({ alg, typ: 'JWT' })}.${part(payload)}`;
  if (alg === 'none') return `${body}.`;
  const hash = alg === 'HS256' ? 'sha256' : 'sha512';
  return `${body}.${createHmac(hash, opts.secret).update(body).digest('base64url')}`;
}

/** The claims of a JWT, unverified (for assertions on tokens a service issued). */
export function decodeToken(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}
