import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mugharred/service-kit';
import { readConfig } from './config.js';

describe('worker config', () => {
  it('runs on port 3030 with a 30 s sweep and a 10 s metrics job by default', () => {
    expect(readConfig({})).toMatchObject({
      port: 3030,
      sweepEveryMs: 30_000,
      metricsEveryMs: 10_000,
      jobConcurrency: 4,
    });
  });

  it('takes the intervals from the environment', () => {
    const config = readConfig({ SWEEP_EVERY_MS: '250', METRICS_EVERY_MS: '500' });
    expect(config).toMatchObject({ sweepEveryMs: 250, metricsEveryMs: 500 });
  });

  it('refuses to start with every bad value listed at once', () => {
    const bad = () => readConfig({ SWEEP_EVERY_MS: 'soon', METRICS_EVERY_MS: '0', PORT: '99999' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/SWEEP_EVERY_MS[\s\S]*METRICS_EVERY_MS/);
    try {
      bad();
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(3);
    }
  });
});
