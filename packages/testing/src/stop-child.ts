import type { ChildProcess } from 'node:child_process';

/** Stops a server the tests started (woken first, should a case have paused it) and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  await exited;
}
