import { Cluster, Redis, ReplyError, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisClient } from '@mugharred/redis-schema';
import { Type, type Static } from 'typebox';
import type { Problem } from './env.js';
import { instrumentRedis } from './metrics.js';
import { StorageUnavailable } from './storage-unavailable.js';

export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where Redis is: one server (REDIS_URL), a Redis Cluster reached through any of its nodes (REDIS_CLUSTER_NODES),
 * or a master that Redis Sentinel watches and replaces by a replica when it fails (REDIS_SENTINELS).
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: RedisNode[] }
  | { kind: 'sentinel'; sentinels: RedisNode[]; master: string };

export const redisEnv = Type.Object({
  REDIS_URL: Type.String({ default: 'redis://127.0.0.1:6379', description: 'The Redis holding everything (rooms, presence, queues, rate limits).' }),
  REDIS_CLUSTER_NODES: Type.Array(Type.String(), {
    default: [],
    description:
      'A Redis Cluster instead, as host:port,host:port (any of its nodes; the rest are discovered); when set, REDIS_URL is not used. ' +
      'Rooms stay in one slot each; pub/sub is sharded.',
  }),
  REDIS_SENTINELS: Type.Array(Type.String(), {
    default: [],
    description:
      'A master watched by Redis Sentinel instead, as the sentinels host:port,host:port; used when REDIS_CLUSTER_NODES is empty, ' +
      'and REDIS_URL is then not used.',
  }),
  REDIS_SENTINEL_MASTER: Type.String({ default: 'mymaster', description: 'The name the sentinels know the master by.' }),
});

/**
 * REDIS_CLUSTER_NODES selects a Redis Cluster; else REDIS_SENTINELS the master the sentinels know as
 * REDIS_SENTINEL_MASTER; else REDIS_URL, a single Redis.
 */
export function redisTarget(vars: Static<typeof redisEnv>, problem: Problem): RedisTarget {
  if (vars.REDIS_CLUSTER_NODES.length > 0) return { kind: 'cluster', nodes: nodeList(vars.REDIS_CLUSTER_NODES, 'REDIS_CLUSTER_NODES', problem) };
  if (vars.REDIS_SENTINELS.length > 0) {
    return { kind: 'sentinel', sentinels: nodeList(vars.REDIS_SENTINELS, 'REDIS_SENTINELS', problem), master: vars.REDIS_SENTINEL_MASTER };
  }
  return { kind: 'single', url: vars.REDIS_URL };
}

function nodeList(entries: string[], name: string, problem: Problem): RedisNode[] {
  const nodes: RedisNode[] = [];
  for (const entry of entries) {
    const colon = entry.lastIndexOf(':');
    const host = entry.slice(0, Math.max(colon, 0)).replace(/^\[(.*)\]$/, '$1');
    const port = Number(entry.slice(colon + 1));
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
      problem(`${name} must be host:port entries separated by commas, got "${entry}"`);
    } else {
      nodes.push({ host, port });
    }
  }
  return nodes;
}

export type RedisRole = 'command' | 'limiter' | 'subscriber' | 'bullmq';

/**
 * Every Redis connection of every service, by role:
 * - 'command': fails a command after 2 s (commandTimeout) instead of queueing it forever, so a caller can
 *   answer "storage unavailable" rather than hang or, worse, acknowledge something unstored. No
 *   auto-pipelining: our commands rarely share a tick, and for a lone command it cost ~60-120 us more CPU
 *   (measured: 120-130 us per EVALSHA without, 185-250 us with); callers batch explicitly with pipeline().
 * - 'limiter': the per-IP rate limiter's; gives up after 500 ms, and the limiter then lets the request through,
 *   so a stalled Redis costs a request that needs no storage (a login) half a second, not its whole deadline.
 * - 'subscriber': sharded pub/sub only (SSUBSCRIBE); resubscribes after a reconnect. On a cluster it keeps one
 *   connection per master and subscribes each room's channel on the master owning its slot.
 * - 'bullmq': BullMQ requires maxRetriesPerRequest null (its queues use the `{mq}` hash-tagged prefix, so each
 *   queue's keys share one cluster slot).
 * Every client counts its reconnects and times its commands for /metrics. A 'command' connection's failures that
 * are not Redis's own answer reject with StorageUnavailable (see typeFailures).
 */
export function createRedis(target: RedisTarget, role: RedisRole, name?: string): RedisClient {
  const options = { connectionName: name, ...BY_ROLE[role] };
  const conn =
    target.kind === 'cluster'
      ? newCluster(target.nodes, role, options)
      : target.kind === 'sentinel'
        ? newSentinelClient(target, options)
        : new Redis(target.url, { ...options, retryStrategy: backoff });
  instrumentRedis(conn);
  if (role === 'command') typeFailures(conn);
  return conn;
}

/**
 * Redis error replies that mean "not now" (a failover, a loading replica, a Redis full under `noeviction`), not
 * "this command is wrong".
 */
const TRANSIENT_REPLY = /^(CLUSTERDOWN|TRYAGAIN|LOADING|MASTERDOWN|READONLY|OOM)\b/;

/**
 * Turns every failure of a command that is not Redis's answer to it (ioredis's timeouts, closed connections,
 * spent retries, a cluster with every node failed) and the transient error replies into StorageUnavailable, the
 * one type callers check. Other error replies (a script's own error, a wrong type) stay what they are: bugs.
 */
function typeFailures(conn: Redis | Cluster): void {
  const target = conn as unknown as { sendCommand: (command: FailingCommand, ...rest: unknown[]) => unknown };
  const send = target.sendCommand.bind(conn);
  target.sendCommand = (command, ...rest) => {
    const reject = command.reject;
    command.reject = (err: Error) => {
      const answer = err instanceof (ReplyError as ErrorConstructor) && !TRANSIENT_REPLY.test(err.message);
      reject(answer ? err : new StorageUnavailable(err));
    };
    return send(command, ...rest);
  };
}

interface FailingCommand {
  reject: (err: Error) => void;
}

function newSentinelClient(target: Extract<RedisTarget, { kind: 'sentinel' }>, options: RedisOptions): Redis {
  return new Redis({
    ...options,
    sentinels: target.sentinels,
    name: target.master,
    retryStrategy: backoff,
    sentinelRetryStrategy: backoff,
    // Listens for the sentinels' +switch-master, so a promoted replica is used at once, not after a timeout.
    failoverDetector: true,
  });
}

function newCluster(nodes: RedisNode[], role: RedisRole, options: RedisOptions): Cluster {
  const clusterOptions: ClusterOptions = {
    redisOptions: options,
    clusterRetryStrategy: backoff,
    // Finds a promoted replica within a second of a failover, whichever connection notices first.
    slotsRefreshInterval: 1000,
    shardedSubscribers: role === 'subscriber',
  };
  return new Cluster(nodes, clusterOptions);
}

const backoff = (attempt: number) => Math.min(50 * 2 ** attempt, 2000);

const BY_ROLE: Record<RedisRole, RedisOptions> = {
  command: { maxRetriesPerRequest: 1, commandTimeout: 2000 },
  limiter: { maxRetriesPerRequest: 1, commandTimeout: 500 },
  subscriber: { maxRetriesPerRequest: null, autoResubscribe: true },
  bullmq: { maxRetriesPerRequest: null },
};

/** The name a connection was created with, for logs. */
export function connectionName(conn: RedisClient): string | undefined {
  return conn instanceof Cluster ? conn.options.redisOptions?.connectionName : conn.options.connectionName;
}
