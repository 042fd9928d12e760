import { pino } from 'pino';
import { createRedis, loggerOptions, runService } from '@mugharred/service-kit';
import { buildApp } from './app.js';
import { readConfig } from './config.js';
import { logConnection } from './connection-log.js';
import { startRoomsWorker } from './rooms-worker.js';
import { createVoiceControl } from '@mugharred/voice';

await runService('worker', readConfig, async (config) => {
  // The job worker starts before the HTTP app exists, so it gets its own logger with the same options.
  const log = pino(loggerOptions('worker', config.logLevel));
  const redis = createRedis(config.redis, 'command', 'worker-commands');
  logConnection(redis, 'worker-commands', log);
  const voice = config.voice ? createVoiceControl({ ...config.voice, log }) : null;
  const jobs = startRoomsWorker({
    redis: config.redis,
    commands: redis,
    log,
    sweepEveryMs: config.sweepEveryMs,
    metricsEveryMs: config.metricsEveryMs,
    concurrency: config.jobConcurrency,
    voice,
  });
  const app = buildApp(config, { redis, jobs });
  // SIGTERM/SIGINT close the app (runService); running jobs get a grace period, then connections close.
  app.addHook('onClose', async () => {
    await jobs.stop();
    voice?.close();
    redis.disconnect();
  });
  return app;
});
