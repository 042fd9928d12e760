import { Cluster, Redis } from 'ioredis';
import { startPrivateRedis, type PrivateRedis } from './launcher.js';
import { startPrivateRedisCluster, type PrivateRedisCluster } from './redis-cluster.js';
import { SENTINEL_MASTER, startPrivateRedisSentinel, type PrivateRedisSentinel } from './redis-sentinel.js';

export type RedisKind = 'single' | 'cluster' | 'sentinel';

/**
 * The backends whose key and channel layouts differ, for suites that run once against each. A Sentinel-watched
 * master is one server to the suites; its own tests are about failing over.
 */
export const REDIS_KINDS: readonly RedisKind[] = ['single', 'cluster'];

/** A private Redis of either kind, behind the same handle, so one contract suite runs against both. */
export interface TestRedis {
  kind: RedisKind;
  /** What a service's environment needs to use it: REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS. */
  env: Record<string, string>;
  /** A new client on it (the caller disconnects it). */
  client(): Redis | Cluster;
  /** A new client for sharded subscriptions (SSUBSCRIBE) on it. */
  subscriber(): Redis | Cluster;
  /** Closes every pub/sub connection on every node, as a Redis restart or network cut would. */
  dropSubscribers(): Promise<void>;
  /** SIGSTOP / SIGCONT: Redis stops answering without closing connections. */
  pause(): void;
  resume(): void;
  /** The server itself (stop, restart); null for a cluster. */
  single: PrivateRedis | null;
  /** The cluster itself (failover, masters); null for the other kinds. */
  cluster: PrivateRedisCluster | null;
  /** The master, its replica and the sentinel (failover); null for the other kinds. */
  sentinel: PrivateRedisSentinel | null;
  stop(): Promise<void>;
}

export async function startTestRedis(kind: RedisKind): Promise<TestRedis> {
  if (kind === 'single') {
    const server = await startPrivateRedis();
    const client = () => new Redis(server.url);
    return {
      kind,
      env: { REDIS_URL: server.url },
      client,
      subscriber: client,
      dropSubscribers: () => withClient(client(), (r) => r.client('KILL', 'TYPE', 'pubsub')),
      pause: server.pause,
      resume: server.resume,
      single: server,
      cluster: null,
      sentinel: null,
      stop: server.stop,
    };
  }
  if (kind === 'sentinel') {
    const setup = await startPrivateRedisSentinel();
    const sentinels = setup.sentinelsList.split(',').map((entry) => ({ host: '127.0.0.1', port: Number(entry.split(':')[1]) }));
    const client = () => new Redis({ sentinels, name: SENTINEL_MASTER });
    return {
      kind,
      env: { REDIS_SENTINELS: setup.sentinelsList },
      client,
      subscriber: client,
      dropSubscribers: async () => {
        const port = await setup.masterPort();
        await withClient(new Redis({ port, host: '127.0.0.1' }), (r) => r.client('KILL', 'TYPE', 'pubsub'));
      },
      pause: setup.pause,
      resume: setup.resume,
      single: null,
      cluster: null,
      sentinel: setup,
      stop: setup.stop,
    };
  }
  const cluster = await startPrivateRedisCluster();
  const nodes = cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port }));
  return {
    kind,
    env: { REDIS_CLUSTER_NODES: cluster.nodesList },
    client: () => new Cluster(nodes),
    subscriber: () => new Cluster(nodes, { shardedSubscribers: true }),
    dropSubscribers: async () => {
      await Promise.all(nodes.map((n) => withClient(new Redis(n), (r) => r.client('KILL', 'TYPE', 'pubsub'))));
    },
    pause: cluster.pause,
    resume: cluster.resume,
    single: null,
    cluster,
    sentinel: null,
    stop: cluster.stop,
  };
}

async function withClient<T>(r: Redis, fn: (r: Redis) => Promise<T>): Promise<void> {
  try {
    await fn(r);
  } finally {
    r.disconnect();
  }
}
