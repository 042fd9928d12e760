import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadRedisLib } from '../stack-lib.js';
import { diagnosticsEnv, type RunningSystem, type StartSystem } from './system.js';

interface ServerProcess {
  port: number;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Runs one reference server script and resolves once it prints `listening`. */
function startServer(script: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [script], {
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
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

/** A reference system: --servers processes of one server script (servers/) on the round's Redis. */
function scriptServers(file: string, name: string): StartSystem {
  const script = fileURLToPath(new URL(`../servers/${file}`, import.meta.url));
  return async ({ redisUrl, secret, opts }) => {
    const { freePort } = await loadRedisLib();
    const servers: ServerProcess[] = [];
    try {
      for (let n = 1; n <= opts.servers; n++) {
        const env = { REDIS_URL: redisUrl, JWT_SECRET: secret, ...diagnosticsEnv(opts, `${name}-${n}`) };
        servers.push(await startServer(script, await freePort(), env));
      }
    } catch (err) {
      await Promise.all(servers.map((s) => s.stop()));
      throw err;
    }
    const running: RunningSystem = {
      ports: servers.map((s) => s.port),
      pids: servers.map((s) => s.pid),
      output: () => servers.map((s) => s.output()).join(''),
      stop: async () => {
        await Promise.all(servers.map((s) => s.stop()));
      },
    };
    return running;
  };
}

/** Socket.IO 4.8 with @socket.io/redis-adapter (servers/socketio-server.ts). */
export const startSocketIo = scriptServers('socketio-server.js', 'socketio');
/** The bare ws + ioredis relay (servers/ws-relay-server.ts). */
export const startWsRelay = scriptServers('ws-relay-server.js', 'wsrelay');
