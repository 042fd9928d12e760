import type { Cluster, Redis } from 'ioredis';

/** A connection every function here takes: one Redis, or a Redis Cluster (each room's keys share one slot). */
export type RedisClient = Redis | Cluster;
