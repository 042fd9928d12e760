import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePortWithBus } from './free-port.js';
import { waitForOwnRedis } from './launcher.js';
import { privateReplicationArgs } from './replication-args.js';
import { stopChild } from './stop-child.js';

const run = promisify(execFile);

export interface ClusterNode {
  port: number;
  child: ChildProcess;
}

export interface PrivateRedisCluster {
  /** Every node, masters and replicas, as `host:port` for REDIS_CLUSTER_NODES. */
  nodesList: string;
  nodes: ClusterNode[];
  /** The port of the master that owns `key`'s slot right now. */
  masterOf(key: string): Promise<number>;
  /**
   * Promotes the replica of the master owning `key` with CLUSTER FAILOVER (the master hands over once the
   * replica has caught up, as in a planned switch-over) and waits until every node agrees.
   * Resolves with the old and the new master's ports.
   */
  failover(key: string): Promise<{ from: number; to: number }>;
  /** Kills the master owning `key` (SIGKILL) and waits until the cluster has promoted its replica. */
  crash(key: string): Promise<{ from: number; to: number }>;
  /** SIGSTOP / SIGCONT on every node. */
  pause(): void;
  resume(): void;
  /** Stops every node (SIGTERM, by pid) and removes their nodes.conf files. */
  stop(): Promise<void>;
}

/**
 * Starts a throw-away Redis Cluster of 3 masters with one replica each on free ports (each port + 10000, the
 * cluster bus port, free too), nothing persisted, and resolves once every node reports `cluster_state:ok`.
 * `nodeTimeoutMs` is how long a silent master takes to be declared failed.
 */
export async function startPrivateRedisCluster(opts: { nodeTimeoutMs?: number } = {}): Promise<PrivateRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'mugharred-cluster-'));
  const nodes: ClusterNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => stopChild(n.child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 6; i++) {
      const port = await freePortWithBus(nodes.map((n) => n.port));
      nodes.push({ port, child: await launchNode(port, dir, opts.nodeTimeoutMs ?? 2000) });
    }
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes']);
    await untilAll(nodes, async (port) => (await isClusterOk(port)) && replicasInSync(port));
  } catch (err) {
    await stop();
    throw err;
  }
  const admin = (port: number) => new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const ask = async <T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> => {
    const r = admin(port);
    r.on('error', () => {});
    try {
      await r.connect();
      return await fn(r);
    } finally {
      r.disconnect();
    }
  };
  /** The master owning `key`'s slot as the node on `port` sees it. */
  const masterOf = (key: string, port = nodes.find(isRunning)!.port) =>
    ask(port, async (r) => {
      const slot = await r.cluster('KEYSLOT', key);
      const range = (await r.cluster('SLOTS')).find(([lo, hi]) => slot >= lo && slot <= hi);
      if (!range?.[2]) throw new Error(`no master owns slot ${slot}`);
      return range[2][1];
    });
  return {
    nodesList: nodes.map((n) => `127.0.0.1:${n.port}`).join(','),
    nodes,
    masterOf,
    async failover(key) {
      const from = await masterOf(key);
      const fromId = await ask(from, (r) => r.cluster('MYID'));
      const replica = await ask(from, async (r) => {
        const lines = (await r.cluster('REPLICAS', fromId)) as string[];
        const addr = lines[0]?.split(' ')[1];
        if (!addr) throw new Error(`master ${from} has no replica`);
        return Number(addr.slice(addr.lastIndexOf(':') + 1).split('@')[0]);
      });
      await ask(replica, (r) => r.cluster('FAILOVER'));
      await untilAll(nodes, async (port) => (await masterOf(key, port)) === replica && isClusterOk(port));
      return { from, to: replica };
    },
    async crash(key) {
      const from = await masterOf(key);
      const { child } = nodes.find((n) => n.port === from)!;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      await untilAll(nodes, async (port) => (await masterOf(key, port)) !== from && isClusterOk(port));
      return { from, to: await masterOf(key) };
    },
    pause: () => nodes.forEach((n) => n.child.kill('SIGSTOP')),
    resume: () => nodes.forEach((n) => n.child.kill('SIGCONT')),
    stop,
  };
}

async function launchNode(port: number, dir: string, nodeTimeoutMs: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning',
      '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout', String(nodeTimeoutMs),
      ...privateReplicationArgs(dir),
    ],
    { stdio: 'ignore' },
  );
  return waitForOwnRedis(child, port);
}

async function isClusterOk(port: number): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
  return stdout.includes('cluster_state:ok');
}

/** A master's replicas have finished their first sync (a replica node passes as is). */
async function replicasInSync(port: number): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'info', 'replication']);
  if (!stdout.includes('role:master')) return true;
  return /connected_slaves:[1-9]/.test(stdout) && !/slave\d+:.*state=(?!online)/.test(stdout) && !/slave\d+:.*offset=0,/.test(stdout);
}

/** Polls `check` on every node until all pass (at most 20 s). */
async function untilAll(nodes: ClusterNode[], check: (port: number) => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const live = nodes.filter(isRunning);
    const results = await Promise.all(live.map((n) => check(n.port).catch(() => false)));
    if (results.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error('the Redis Cluster did not settle within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isRunning = (n: ClusterNode) => n.child.exitCode === null && n.child.signalCode === null;
