import { describe, expect, it } from 'vitest';
import { startWorkerStack } from './test-helpers.js';

describe('the worker process', () => {
  it('refuses to start on a bad configuration and says why', async () => {
    const start = startWorkerStack({ SWEEP_EVERY_MS: 'soon', METRICS_EVERY_MS: '-1' });

    await expect(start).rejects.toThrow(/worker exited with 1/);
    await expect(start).rejects.toThrow(/SWEEP_EVERY_MS must be an integer[\s\S]*METRICS_EVERY_MS must be an integer/);
  });
});
