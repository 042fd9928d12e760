import { EnvReader, readBaseConfig, type BaseConfig } from '@mugharred/service-kit';
import { readVoiceConfig, type VoiceConfig } from '@mugharred/voice';

export interface WorkerConfig extends BaseConfig {
  /** SWEEP_EVERY_MS: how often the sweep expires rooms whose job was lost. Default 30000 (30 s). */
  sweepEveryMs: number;
  /** METRICS_EVERY_MS: how often the counts behind every /health are recomputed. Default 10000 (10 s). */
  metricsEveryMs: number;
  /** JOB_CONCURRENCY: jobs run at once, so a long sweep never delays a room's expiry. Default 4. */
  jobConcurrency: number;
  /** Janus control: an expired room's voice room is destroyed with it. Null (voice off) without JANUS_API_SECRET. */
  voice: VoiceConfig | null;
}

/** Reads and validates the worker's environment once; throws a ConfigError listing every problem. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<WorkerConfig> {
  const r = new EnvReader(env);
  return r.done({
    ...readBaseConfig(r, 3030),
    sweepEveryMs: r.int('SWEEP_EVERY_MS', 30_000, { min: 50, max: 3_600_000 }),
    metricsEveryMs: r.int('METRICS_EVERY_MS', 10_000, { min: 50, max: 3_600_000 }),
    jobConcurrency: r.int('JOB_CONCURRENCY', 4, { min: 1, max: 64 }),
    voice: readVoiceConfig(r),
  });
}
