/**
 * Typed access to the plain-JS launcher in scripts/lib (shared with `pnpm start` and the tests), so the bench
 * starts Redis and the gateways exactly the way the rest of the project does.
 */
import type * as RedisLib from '../../scripts/lib/redis.mjs';
import type * as ServicesLib from '../../scripts/lib/services.mjs';

export type { PrivateRedis } from '../../scripts/lib/redis.mjs';
export type { ServiceProcess as LaunchedService } from '../../scripts/lib/services.mjs';

// bench/dist and bench/src sit at the same depth, so this path holds for the built and the source file.
const libUrl = (file: string) => new URL(`../../scripts/lib/${file}`, import.meta.url).href;

export const loadRedisLib = () => import(libUrl('redis.mjs')) as Promise<typeof RedisLib>;
export const loadServicesLib = () => import(libUrl('services.mjs')) as Promise<typeof ServicesLib>;
