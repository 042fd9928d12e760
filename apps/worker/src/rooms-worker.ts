import { Worker } from 'bullmq';
import type { RedisClient } from '@mugharred/redis-schema';
import type { Logger } from 'pino';
import { JOBS, QUEUE_PREFIX, ROOMS_QUEUE, type RoomJobData } from '@mugharred/protocol';
import { createRoomsQueue } from '@mugharred/room-jobs';
import { createRedis, type RedisTarget } from '@mugharred/service-kit';
import { logConnection, throttled } from './connection-log.js';
import type { VoiceControl } from '@mugharred/voice';
import { createJobHandler } from './job-handler.js';
import { JobTally } from './job-tally.js';

export interface RoomsWorkerOptions {
  redis: RedisTarget;
  /** A 'command' connection the jobs use for room keys (the caller owns it and closes it). */
  commands: RedisClient;
  log: Logger;
  sweepEveryMs: number;
  metricsEveryMs: number;
  concurrency: number;
  voice: VoiceControl | null;
}

export type JobCounts = Record<'waiting' | 'active' | 'delayed' | 'completed' | 'failed', number>;

export interface RoomsWorker {
  readonly tally: JobTally;
  /** The queue's jobs by state; null when Redis does not answer within `timeoutMs`. */
  jobCounts(timeoutMs?: number): Promise<JobCounts | null>;
  isRunning(): boolean;
  /** Lets running jobs finish (at most `graceMs`), then closes the worker, the queue and their connections. */
  stop(graceMs?: number): Promise<void>;
}

/** Job scheduler ids: one sweep and one metrics job per interval, however many workers run. */
const SCHEDULERS = { sweep: 'rooms-sweep', metrics: 'metrics' } as const;
/** Repeated jobs matter only until the next run; keep a few for inspection. */
const REPEATED = { attempts: 1, removeOnComplete: 20, removeOnFail: 50 };

/**
 * Starts the BullMQ worker on the rooms queue and (re)installs the sweep and metrics schedulers each time the
 * queue's connection becomes ready, so they come back after a Redis restart that lost them. Does not wait for
 * Redis: while it is down, jobs simply wait and BullMQ reconnects.
 */
export function startRoomsWorker(opts: RoomsWorkerOptions): RoomsWorker {
  const { log } = opts;
  const tally = new JobTally();
  const queueConn = createRedis(opts.redis, 'bullmq', 'worker-queue');
  const workerConn = createRedis(opts.redis, 'bullmq', 'worker-jobs');
  logConnection(queueConn, 'worker-queue', log);
  logConnection(workerConn, 'worker-jobs', log);

  const queue = createRoomsQueue(queueConn);
  const worker = new Worker<RoomJobData, string>(ROOMS_QUEUE, createJobHandler({ redis: opts.commands, log, tally, voice: opts.voice }), {
    connection: workerConn,
    prefix: QUEUE_PREFIX,
    concurrency: opts.concurrency,
  });
  const warn = throttled(5000, (err: Error, what: string) => log.warn({ err: err.message }, what));
  queue.on('error', (err) => warn(err, 'rooms queue error'));
  worker.on('error', (err) => warn(err, 'job worker error'));
  worker.on('failed', (job, err) =>
    log.warn({ job: job?.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed'),
  );

  const installSchedulers = async () => {
    const { sweepEveryMs, metricsEveryMs } = opts;
    await queue.upsertJobScheduler(SCHEDULERS.sweep, { every: sweepEveryMs }, { name: JOBS.sweep, opts: REPEATED });
    await queue.upsertJobScheduler(SCHEDULERS.metrics, { every: metricsEveryMs }, { name: JOBS.metrics, opts: REPEATED });
    log.info({ sweepEveryMs, metricsEveryMs }, 'job schedulers installed');
  };
  queueConn.on('ready', () => {
    installSchedulers().catch((err: Error) => warn(err, 'job schedulers not installed'));
  });

  return {
    tally,
    async jobCounts(timeoutMs = 1000) {
      // BullMQ connections queue commands while Redis is down; do not pile up one per health check.
      if (queueConn.status !== 'ready') return null;
      const counts = queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed') as Promise<JobCounts>;
      return within(counts, timeoutMs);
    },
    isRunning: () => worker.isRunning(),
    async stop(graceMs = 5000) {
      // within() yields undefined once close() is done and null when the grace ran out. While Redis is down no
      // running job can finish, so there is nothing to wait for.
      const closed = workerConn.status === 'ready' ? await within(worker.close(), graceMs).catch(() => null) : null;
      if (closed === null) await within(worker.close(true), 1000).catch(() => null);
      await within(queue.close(), 1000).catch(() => null);
      queueConn.disconnect();
      workerConn.disconnect();
    },
  };
}

/** The promise's value, or null once `ms` have passed. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
