export { freePort } from './free-port.js';
export { startPrivateRedis, type PrivateRedis } from './private-redis.js';
export { startService, type ServiceProcess } from './service-process.js';
export { TestSocket, UpgradeRefused, isEvent, isType } from './ws-client.js';
export { forgeToken, decodeToken, type ForgeOptions } from './tokens.js';
export { Redis } from 'ioredis';
export { startPrivateRedisCluster, type PrivateRedisCluster, type ClusterNode } from './redis-cluster.js';
export { startTestRedis, REDIS_KINDS, type RedisKind, type TestRedis } from './test-redis.js';
export { scrape, type Scrape } from './prometheus.js';
