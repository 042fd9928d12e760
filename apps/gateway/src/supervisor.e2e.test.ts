import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep } from './gateway-fixture.js';
import { startEdgeStack, type EdgeStack } from './edge-fixture.js';

let stack: EdgeStack;
beforeAll(async () => {
  stack = await startEdgeStack(2, { DRAIN_SPREAD_MS: '200' });
}, 120_000);
afterAll(() => stack?.stop());

describe("npm start's supervisor", () => {
  it('takes turns when a replica dies during a roll: each ends as one healthy process, none left behind', async () => {
    const before = stack.gateways().map((g) => g.pid);
    const rolling = stack.supervisor.roll();
    // The second replica dies while the first is being rolled; the roll reaches it while it is being revived.
    await sleep(100);
    const victim = stack.gateways()[1]!;
    victim.child.kill('SIGKILL');
    await rolling;
    await sleep(1500);
    const after = stack.gateways();
    expect(after.map((g) => g.pid)).not.toContain(before[0]);
    expect(after.map((g) => g.pid)).not.toContain(before[1]);
    for (const g of after) {
      expect(g.child.exitCode).toBeNull();
      expect(g.child.signalCode).toBeNull();
      expect((await fetch(`${g.url}/health`)).status).toBe(200);
    }
    // Nothing kept failing to start for want of its port.
    expect(stack.said.join('\n')).not.toMatch(/exited \(code 1\)/);
    expect(stack.said.join('\n')).toContain('gateway-2 exited (SIGKILL)');
  }, 120_000);
});
