import { setTimeout as sleep } from 'node:timers/promises';
import { machineBusyMs } from './proc-stats.js';

/**
 * On a shared 2-core machine another program's build or test run would be billed to whichever system happens
 * to run beside it. Before a round this waits (up to maxWaitMs) for a second in which the machine is nearly idle;
 * it returns the cores busy in the last second measured, so a noisy round can be told apart.
 */
export async function waitForQuiet(maxCores: number, maxWaitMs: number): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const start = machineBusyMs();
    const t = performance.now();
    await sleep(1000);
    const cores = (machineBusyMs() - start) / (performance.now() - t);
    if (cores <= maxCores || performance.now() >= deadline) return cores;
  }
}
