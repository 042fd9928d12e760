import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Node.js flags every service runs with, here, under systemd (infra/server), in the images (the Dockerfile's
 * CMD) and from each app's own start script; tests hold them all to this list. V8 lets the young generation
 * grow to 2 x 16 MB per process, and a gateway's start-up and join bursts fill it: that was most of its RSS per
 * connection. 8 MB semi-spaces halved the RSS per 1000 connections in the bench (~28 -> ~14 MB) at no CPU cost
 * measured (bench/README.md).
 */
export const NODE_FLAGS = ['--max-semi-space-size=8'];

/** The port map of the design (also used by the edge and docker-compose). */
export const DEFAULT_PORTS = { auth: 3011, rooms: 3012, gateways: [3020, 3021], worker: 3030 };

/**
 * Starts one built service (`apps/<app>/dist/main.js`) as a real process on `port` and resolves once its
 * /health answers (any status). Its output is collected (`output()`), and with stdio 'prefix' also printed,
 * each line prefixed with the name. The environment is `env` over PATH alone, so a test never inherits a
 * REDIS_URL from the shell; `npm start` passes inheritEnv, as the operator's settings are meant for it.
 */
export async function startService(app, port, env, { name = app, stdio = 'pipe', host = '127.0.0.1', inheritEnv = false } = {}) {
  const base = inheritEnv ? process.env : { PATH: process.env.PATH ?? '' };
  const child = spawn(process.execPath, [...NODE_FLAGS, `apps/${app}/dist/main.js`], {
    cwd: repoRoot,
    env: { ...base, ...env, PORT: String(port), HOST: host },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (d) => {
    const text = d.toString();
    output += text;
    if (stdio === 'prefix') {
      for (const line of text.split('\n')) if (line) process.stdout.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  // Generous: a cold start on a loaded CI machine can take many seconds.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}\n${output}`);
    try {
      await fetch(`${url}/health`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${name} did not answer on port ${port}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    port,
    url,
    pid: child.pid,
    child,
    output: () => output,
    stop: () => {
      if (running()) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    respawn: () => startService(app, port, env, { name, stdio, host, inheritEnv }),
  };
}

/**
 * Starts the backend: auth-api, rooms-api, N gateway replicas and the worker, all on `redisUrl`.
 * `env` goes to every service; `envFor[name]` to one (names: auth-api, rooms-api, gateway-1.., worker).
 */
export async function startBackend({ redisUrl, jwtSecret, ports = DEFAULT_PORTS, env = {}, envFor = {}, stdio = 'prefix' }) {
  const secret = jwtSecret ?? randomBytes(32).toString('base64url');
  const common = { REDIS_URL: redisUrl, JWT_SECRET: secret, ...env };
  const specs = [
    ['auth-api', 'auth-api', ports.auth],
    ['rooms-api', 'rooms-api', ports.rooms],
    ...ports.gateways.map((p, i) => [`gateway-${i + 1}`, 'gateway', p]),
    ['worker', 'worker', ports.worker],
  ];
  // All at once: none waits for another (each needs only Redis), and a cold start is mostly waiting.
  const starts = await Promise.allSettled(
    specs.map(([name, app, port]) => {
      const extra = name.startsWith('gateway-') ? { REPLICA_ID: name, ...envFor.gateway } : {};
      return startService(app, port, { ...common, ...extra, ...envFor[name] }, { name, stdio, inheritEnv: true });
    }),
  );
  const started = starts.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const failed = starts.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => s.stop()));
    throw failed.reason;
  }
  const byName = Object.fromEntries(started.map((s) => [s.name, s]));
  return {
    jwtSecret: secret,
    services: started,
    byName,
    urls: {
      auth: byName['auth-api'].url,
      rooms: byName['rooms-api'].url,
      gateways: started.filter((s) => s.name.startsWith('gateway-')).map((s) => s.url),
      worker: byName.worker.url,
    },
    stop: () => Promise.all(started.map((s) => s.stop())),
  };
}
