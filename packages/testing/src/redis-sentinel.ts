import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForOwnRedis } from './launcher.js';
import { privateReplicationArgs } from './replication-args.js';
import { stopChild } from './stop-child.js';

const run = promisify(execFile);

/** The master name the sentinels watch (REDIS_SENTINEL_MASTER's default). */
export const SENTINEL_MASTER = 'mymaster';

export interface PrivateRedisSentinel {
  /** `host:port` of the sentinel, for REDIS_SENTINELS. */
  sentinelsList: string;
  /** The port of the current master, as the sentinel reports it. */
  masterPort(): Promise<number>;
  /**
   * SENTINEL FAILOVER: the sentinel promotes the replica and demotes the master, as in a planned switch-over;
   * resolves once the sentinel names the new master and that server says it is one.
   */
  failover(): Promise<{ from: number; to: number }>;
  /** SIGSTOP / SIGCONT on both servers (not the sentinel). */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/**
 * A throw-away master, one replica and one sentinel (quorum 1) on free ports, nothing persisted; resolves once the
 * replica is in sync and the sentinel knows both.
 */
export async function startPrivateRedisSentinel(): Promise<PrivateRedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'mugharred-sentinel-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const masterPort = await freePort();
    children.push(await launchServer(masterPort, dir, []));
    const replicaPort = await freePort();
    children.push(await launchServer(replicaPort, dir, ['--replicaof', '127.0.0.1', String(masterPort)]));
    await until(async () => (await cli(replicaPort, 'INFO', 'replication')).includes('master_link_status:up'));
    const sentinelPort = await freePort();
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER} 2000`,
        `sentinel failover-timeout ${SENTINEL_MASTER} 10000`,
        '',
      ].join('\n'),
    );
    const sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    children.push(sentinel);
    const sentinelCli = (...args: string[]) => cli(sentinelPort, ...args);
    await until(async () => /num-slaves\s+1/.test((await sentinelCli('SENTINEL', 'MASTER', SENTINEL_MASTER)).replace(/\n/g, ' ')));
    // A replica that has confirmed no offset yet counts as still syncing, and a master short of synced replicas
    // acknowledges nothing for a while (redis-schema's replica-loss hold): the tests start once it has confirmed one.
    await until(async () => {
      // master, its offset, then host, port and offset of each replica; the sentinel's hellos move the offset.
      const role = (await cli(masterPort, 'ROLE')).trim().split('\n');
      return role[0] === 'master' && role.length >= 5 && Number(role[4]) > 0;
    });
    const masterNow = async () => Number((await sentinelCli('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER)).trim().split('\n')[1]);
    const servers = children.slice(0, 2);
    return {
      sentinelsList: `127.0.0.1:${sentinelPort}`,
      masterPort: masterNow,
      failover: async () => {
        const from = await masterNow();
        await sentinelCli('SENTINEL', 'FAILOVER', SENTINEL_MASTER);
        let to = from;
        await until(async () => {
          to = await masterNow();
          return to !== from && (await cli(to, 'ROLE')).startsWith('master');
        });
        return { from, to };
      },
      pause: () => servers.forEach((c) => c.kill('SIGSTOP')),
      resume: () => servers.forEach((c) => c.kill('SIGCONT')),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function launchServer(port: number, dir: string, extra: string[]): Promise<ChildProcess> {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning',
    '--dbfilename', `dump-${port}.rdb`, ...privateReplicationArgs(dir), ...extra,
  ];
  return waitForOwnRedis(spawn('redis-server', args, { stdio: 'ignore' }), port);
}

async function cli(port: number, ...args: string[]): Promise<string> {
  return (await run('redis-cli', ['-p', String(port), ...args])).stdout;
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error('the Redis Sentinel setup did not settle in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
