export { freePort } from './free-port.js';
export { startPrivateRedis, type PrivateRedis } from './private-redis.js';
export { startService, type ServiceProcess } from './service-process.js';
export { TestSocket, UpgradeRefused, isEvent, isType } from './ws-client.js';
export { forgeToken, decodeToken, type ForgeOptions } from './tokens.js';
export { Redis } from 'ioredis';
