import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

// Plain TCP throughout: `npm start` uses this before anything is installed, and the tests use it too
// (re-exported by @mugharred/testing), so there is one way to start a private Redis.

/** Sends one inline command to the Redis on `url` and resolves with its raw reply once `complete` says so (null on no answer). */
function ask(url, command, complete, timeoutMs) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const sock = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    let reply = '';
    const done = (value) => {
      sock.destroy();
      resolve(value);
    };
    sock.setTimeout(timeoutMs, () => done(null));
    sock.on('error', () => done(null));
    sock.on('connect', () => sock.write(`${command}\r\n`));
    sock.on('data', (d) => {
      reply += d.toString();
      if (complete(reply)) done(reply);
    });
  });
}

/** True when a Redis answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url, timeoutMs = 500) {
  const reply = await ask(url, 'PING', (r) => r.includes('\r\n'), timeoutMs);
  return reply !== null && reply.startsWith('+PONG');
}

/** The process id of the Redis answering at `url`, or null while none answers. */
async function redisPid(url, timeoutMs) {
  const reply = await ask(url, 'INFO server', (r) => /process_id:\d+\r\n/.test(r) || r.startsWith('-'), timeoutMs);
  const pid = reply === null ? NaN : Number(/process_id:(\d+)/.exec(reply)?.[1]);
  return Number.isNaN(pid) ? null : pid;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Resolves with `child` once the Redis answering on `port` is that process (checked by pid), so a test never
 * talks to another Redis that happened to hold the port.
 */
export async function waitForOwnRedis(child, port) {
  const url = `redis://127.0.0.1:${port}`;
  // Generous: on a loaded machine a redis-server can take seconds to answer.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`);
    const pid = await redisPid(url, 200);
    if (pid === child.pid) return child;
    if (pid !== null) throw new Error(`port ${port} is answered by another Redis (pid ${pid})`);
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on ${port} did not start`);
}

function launch(port) {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    { stdio: 'ignore' },
  );
  return waitForOwnRedis(child, port);
}

/**
 * Starts a private, throw-away redis-server on a free port: never the machine's shared one. Nothing is persisted.
 */
export async function startPrivateRedis() {
  const port = await freePort();
  let child = await launch(port);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    stop,
    restart: async () => {
      await stop();
      child = await launch(port);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}
