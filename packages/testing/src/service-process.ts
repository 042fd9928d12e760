import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, for assertions on logs. */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies without cleanup, as in a crash. */
  kill(): Promise<void>;
}

/**
 * Runs a built service (`apps/<app>/dist/main.js`) as a real process on `port` and waits until its
 * /health answers (any status), so tests talk to real processes on real ports.
 */
export async function startService(
  app: string,
  port: number,
  env: Record<string, string>,
  opts: { name?: string; healthPath?: string } = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [`apps/${app}/dist/main.js`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: a cold start on a loaded CI machine can take many seconds.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${out}`);
    try {
      await fetch(url + (opts.healthPath ?? '/health'));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${app} did not answer on ${port}:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const waitExit = () =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    name: opts.name ?? app,
    port,
    url,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return waitExit();
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await waitExit();
    },
  };
}
