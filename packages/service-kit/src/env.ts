/**
 * Reads environment variables once at start-up, collecting every problem so a misconfigured service
 * reports all of them at once, then refuses to start.
 */
export class EnvReader {
  private readonly problems: string[] = [];
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string, fallback?: string): string {
    const v = this.env[name]?.trim();
    if (v) return v;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    const { min = -Infinity, max = Infinity } = range;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  }

  list(name: string, fallback: string[]): string[] {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    return raw.split(',').map((s) => s.trim()).filter(Boolean);
  }

  /** A shared HS256 secret: at least 32 bytes that do not look typed by hand, never defaulted. */
  secret(name: string): string {
    const v = this.env[name] ?? '';
    if (Buffer.byteLength(v) < 32) this.problems.push(`${name} must be set to at least 32 bytes (got ${Buffer.byteLength(v)})`);
    else if (!looksRandom(v)) this.problems.push(`${name} is long but guessable (a word repeated, few distinct characters); use e.g. \`openssl rand -base64 32\``);
    return v;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws one error listing every problem found, or returns the config frozen. */
  done<T extends object>(config: T): Readonly<T> {
    if (this.problems.length) throw new ConfigError(this.problems);
    return Object.freeze(config);
  }
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
