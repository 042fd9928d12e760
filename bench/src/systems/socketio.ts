import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadRedisLib } from '../stack-lib.js';
import { diagnosticsEnv, type RunningSystem, type StartSystem } from './system.js';

const serverScript = fileURLToPath(new URL('../socketio-server.js', import.meta.url));

interface ServerProcess {
  port: number;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Runs one socketio-server.js and resolves once it prints `listening`. */
function startServer(port: number, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [serverScript], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes(`listening ${port}`)) {
        resolve({
          port,
          pid: child.pid!,
          output: () => output,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`socketio-server exited with ${code}:\n${output}`)));
  });
}

/** The reference: two Socket.IO 4.8 processes with the Redis adapter on the round's Redis. */
export const startSocketIo: StartSystem = async ({ redisUrl, secret, opts }) => {
  const { freePort } = await loadRedisLib();
  const servers: ServerProcess[] = [];
  try {
    for (const name of ['socketio-1', 'socketio-2']) {
      const env = { REDIS_URL: redisUrl, JWT_SECRET: secret, ...diagnosticsEnv(opts, name) };
      servers.push(await startServer(await freePort(), env));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  const [a, b] = servers as [ServerProcess, ServerProcess];
  const running: RunningSystem = {
    ports: [a.port, b.port],
    pids: [a.pid, b.pid],
    output: () => servers.map((s) => s.output()).join(''),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
  return running;
};
