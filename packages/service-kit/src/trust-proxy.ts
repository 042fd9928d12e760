import { Type, type Static } from 'typebox';
import type { Problem } from './env.js';

/**
 * How many proxy hops in front of a service are trusted to report the client's address in X-Forwarded-For:
 * 0 (none: the TCP peer is the client) or N (the Nth address from the right is the client). `true` means 1,
 * never "trust every hop": the leftmost entries are whatever the client wrote, so trusting them lets anyone
 * pick the address every per-IP limit is counted against. Read the same way by every service.
 */
export type TrustedHops = number;

/** TRUST_PROXY, one definition for every service that takes client addresses from a proxy. */
export const trustProxyEnv = Type.Object({
  TRUST_PROXY: Type.String({
    default: 'false',
    description:
      'Proxy hops trusted to report the client IP in X-Forwarded-For: false (none), true (= 1: the nginx edge) or a hop count 0..10; ' +
      'never "every hop": the client writes the leftmost entries itself.',
  }),
});

export function trustedHops(vars: Static<typeof trustProxyEnv>, problem: Problem): TrustedHops {
  const raw = vars.TRUST_PROXY.toLowerCase();
  if (raw === 'false') return 0;
  if (raw === 'true') return 1;
  const hops = Number(raw);
  if (!Number.isSafeInteger(hops) || hops < 0 || hops > 10) {
    problem(`TRUST_PROXY must be false, true (one proxy) or a number of proxy hops 0..10, got "${raw}"`);
    return 0;
  }
  return hops;
}

/**
 * The client's address behind `hops` trusted proxies: walks X-Forwarded-For from the right, as Fastify does for
 * a numeric trustProxy, and stops at the last entry the chain holds.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, hops: TrustedHops): string | undefined {
  if (hops === 0 || forwardedFor === undefined) return peer;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (chain.length === 0) return peer;
  return chain[Math.max(0, chain.length - hops)];
}
