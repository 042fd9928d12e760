// One implementation of these lives in scripts/lib, in plain JS, because `npm start` runs it before anything is
// installed or built; the tests use the same code through this package.
export { freePort, startPrivateRedis, waitForOwnRedis, type PrivateRedis } from '../../../scripts/lib/redis.mjs';
export { startService, type ServiceProcess } from '../../../scripts/lib/services.mjs';
