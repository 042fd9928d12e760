import type { EnvReader } from './env.js';

/**
 * How many proxy hops in front of a service are trusted to report the client's address in X-Forwarded-For:
 * 0 (none: the TCP peer is the client) or N (the Nth address from the right is the client). `true` means 1,
 * never "trust every hop": the leftmost entries are whatever the client wrote, so trusting them lets anyone
 * pick the address every per-IP limit is counted against. Read the same way by every service.
 */
export type TrustedHops = number;

export function readTrustProxy(r: EnvReader): TrustedHops {
  const raw = r.string('TRUST_PROXY', 'false').toLowerCase();
  if (raw === 'false') return 0;
  if (raw === 'true') return 1;
  const hops = Number(raw);
  if (!Number.isSafeInteger(hops) || hops < 0 || hops > 10) {
    r.problem(`TRUST_PROXY must be false, true (one proxy) or a number of proxy hops 0..10, got "${raw}"`);
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
