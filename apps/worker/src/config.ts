import { Type } from 'typebox';
import { baseConfig, baseEnv, loadConfig, type BaseConfig } from '@mugharred/service-kit';
import { janusConfig, janusEnv, type JanusConfig } from '@mugharred/voice';

export interface WorkerConfig extends BaseConfig {
  /** SWEEP_EVERY_MS: how often the sweep expires rooms whose job was lost. Default 30000 (30 s). */
  sweepEveryMs: number;
  /** METRICS_EVERY_MS: how often the counts behind every /health are recomputed. Default 10000 (10 s). */
  metricsEveryMs: number;
  /** JOB_CONCURRENCY: jobs run at once, so a long sweep never delays a room's expiry. Default 4. */
  jobConcurrency: number;
  /** Janus control: an expired room's voice room is destroyed with it. Null (voice off) without JANUS_API_SECRET. */
  voice: JanusConfig | null;
}

/** Every variable the worker reads; ../.env.example and README's table are generated from it (`npm run config:docs`). */
export const configSchema = Type.Object(
  {
    ...baseEnv(3030).properties,
    SWEEP_EVERY_MS: Type.Integer({ default: 30_000, minimum: 50, maximum: 3_600_000, description: 'How often the sweep expires rooms whose expiry job was lost, in ms.' }),
    METRICS_EVERY_MS: Type.Integer({ default: 10_000, minimum: 50, maximum: 3_600_000, description: 'How often the counts that /health reports are recomputed, in ms.' }),
    JOB_CONCURRENCY: Type.Integer({ default: 4, minimum: 1, maximum: 64, description: "Jobs run at once, so a long sweep never delays a room's expiry." }),
    ...janusEnv.properties,
  },
  { description: 'worker: BullMQ jobs (room expiry warnings and expiry, the sweep, the metrics behind every /health), GET /health and GET /metrics.' },
);

/** Reads and validates the worker's environment once; throws a ConfigError listing every problem. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<WorkerConfig> {
  return loadConfig(configSchema, env, (vars, problem) => ({
    ...baseConfig(vars, problem),
    sweepEveryMs: vars.SWEEP_EVERY_MS,
    metricsEveryMs: vars.METRICS_EVERY_MS,
    jobConcurrency: vars.JOB_CONCURRENCY,
    voice: janusConfig(vars, problem),
  }));
}
