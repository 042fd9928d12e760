/**
 * Typed access to the plain-JS launcher in scripts/lib (shared with `pnpm start`), so the bench starts Redis
 * and the gateways exactly the way the rest of the project does.
 */
export interface PrivateRedis {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface LaunchedService {
  name: string;
  port: number;
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

interface RedisLib {
  startPrivateRedis(): Promise<PrivateRedis>;
  freePort(): Promise<number>;
}

interface ServicesLib {
  startService(
    name: string,
    app: string,
    port: number,
    env: Record<string, string>,
    opts?: { stdio?: 'prefix' | 'pipe' },
  ): Promise<LaunchedService>;
}

// bench/dist and bench/src sit at the same depth, so this path holds for the built and the source file.
const libUrl = (file: string) => new URL(`../../scripts/lib/${file}`, import.meta.url).href;

export const loadRedisLib = () => import(libUrl('redis.mjs')) as Promise<RedisLib>;
export const loadServicesLib = () => import(libUrl('services.mjs')) as Promise<ServicesLib>;
