import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops the server, then starts a fresh empty one on the same port (a Redis restart, data lost). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: Redis stops answering without closing connections. */
  pause(): void;
  resume(): void;
}

/**
 * Starts a private, throw-away redis-server for one test file: never the machine's shared one.
 * Nothing is persisted. Checks that the server answering is the one it started (by pid).
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess = await launch(port);
  const stopChild = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: stopChild,
    restart: async () => {
      await stopChild();
      child = await launch(port);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: 'ignore' },
  );
  return waitForOwnRedis(child, port);
}

/** Resolves with `child` once the Redis answering on `port` is that process (checked by pid). */
export async function waitForOwnRedis(child: ChildProcess, port: number): Promise<ChildProcess> {
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => {});
  try {
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`);
      try {
        if (probe.status !== 'ready') await probe.connect();
        const info = await probe.info('server');
        const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
        if (pid !== child.pid) throw new Error(`port ${port} is answered by another Redis (pid ${pid})`);
        return child;
      } catch (err) {
        if (err instanceof Error && err.message.includes('another Redis')) throw err;
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    throw new Error(`redis-server on ${port} did not start`);
  } finally {
    probe.disconnect();
  }
}
