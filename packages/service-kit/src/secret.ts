import { Type, type TString } from 'typebox';

/**
 * A shared secret variable (JWT_SECRET, the Janus secrets): at least 32 bytes that do not look typed by hand,
 * never defaulted. `secret` is a keyword of our own that the env reader checks (see env.ts).
 */
export const Secret = (description: string): TString => Type.String({ secret: true, description });

/** Why `value` is not good enough as the secret `name`, or undefined when it is. */
export function secretProblem(name: string, value: string): string | undefined {
  const bytes = Buffer.byteLength(value);
  if (bytes < 32) return `${name} must be set to at least 32 bytes (got ${bytes})`;
  if (!looksRandom(value)) return `${name} is long but guessable (a word repeated, few distinct characters); use e.g. \`openssl rand -base64 32\``;
  return undefined;
}

/**
 * A cheap guard against secrets that are long but low in entropy, not a proof of randomness: at least 80 bits
 * by the characters' own frequencies (a 32-character hex secret has ~112, base64 ~150), and varied enough in
 * its adjacent pairs that it is not one short unit repeated ("secretsecretsecret..." has 6 distinct pairs).
 */
function looksRandom(secret: string): boolean {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / chars.length);
  const pairs = new Set<string>();
  for (let i = 1; i < chars.length; i++) pairs.add(chars[i - 1]! + chars[i]!);
  return bits >= 80 && pairs.size >= Math.min(0.6 * (chars.length - 1), 100);
}
