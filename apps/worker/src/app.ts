import type { RedisClient } from '@mugharred/redis-schema';
import { createBaseApp, registerHealth } from '@mugharred/service-kit';
import type { WorkerConfig } from './config.js';
import { registerWorkerMetrics } from './routes/metrics.js';
import type { JobCounts, RoomsWorker } from './rooms-worker.js';

export interface AppDeps {
  /** A 'command' connection (fails fast), so /health answers 503 promptly when Redis is down. */
  redis: RedisClient;
  jobs: RoomsWorker;
}

/** The worker's HTTP side: GET /health (with the queue's job counts) and GET /metrics. Does not listen. */
export function buildApp(config: WorkerConfig, deps: AppDeps) {
  const app = createBaseApp({ service: 'worker', logLevel: config.logLevel, headerTimeoutMs: config.headerTimeoutMs });
  // registerHealth takes its extra fields synchronously; fetch the counts just before the handler runs.
  let queue: JobCounts | null = null;
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.url === '/health') queue = await deps.jobs.jobCounts();
  });
  registerHealth(app, 'worker', deps.redis, () => ({ workerRunning: deps.jobs.isRunning(), queue }));
  registerWorkerMetrics(app, deps.redis, deps.jobs);
  return app;
}
