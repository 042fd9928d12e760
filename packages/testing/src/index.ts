export { freePort, startPrivateRedis, startService, type PrivateRedis, type ServiceProcess } from './launcher.js';
export { TestSocket, UpgradeRefused, isEvent, isType } from './ws-client.js';
export { forgeToken, decodeToken, type ForgeOptions } from './tokens.js';
export { Redis } from 'ioredis';
export { startPrivateRedisCluster, type PrivateRedisCluster, type ClusterNode } from './redis-cluster.js';
export { startTestRedis, REDIS_KINDS, type RedisKind, type TestRedis } from './test-redis.js';
export { scrape, type Scrape } from './prometheus.js';
export { heardSoFar } from './pubsub.js';
export { openJanusVoice, janusJoin, type JanusVoice } from './janus-client.js';
