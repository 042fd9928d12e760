import { readRedisTarget, type RedisTarget } from './redis.js';

/**
 * Reads environment variables once at start-up, collecting every problem so a misconfigured service
 * reports all of them at once, then refuses to start.
 */
export class EnvReader {
  private readonly problems: string[] = [];
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

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

  /** A shared HS256 secret: at least 32 bytes, never defaulted. */
  secret(name: string): string {
    const v = this.env[name] ?? '';
    if (Buffer.byteLength(v) < 32) this.problems.push(`${name} must be set to at least 32 bytes (got ${Buffer.byteLength(v)})`);
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** What every service reads. */
export interface BaseConfig {
  host: string;
  port: number;
  redis: RedisTarget;
  logLevel: string;
}

export function readBaseConfig(r: EnvReader, defaultPort: number): BaseConfig {
  return {
    host: r.string('HOST', '127.0.0.1'),
    port: r.int('PORT', defaultPort, { min: 0, max: 65535 }),
    redis: readRedisTarget(r),
    logLevel: r.string('LOG_LEVEL', 'info'),
  };
}
