import type { Job } from 'bullmq';
import type { RedisClient } from '@mugharred/redis-schema';
import type { Logger } from 'pino';
import { JOBS, type RoomJobData } from '@mugharred/protocol';
import { refreshHealthStats } from './health-stats.js';
import type { JobTally } from './job-tally.js';
import type { VoiceControl } from '@mugharred/voice';
import { expireRoom, sweepDueRooms, warnRoom } from './room-expiry.js';

export interface JobHandlerDeps {
  /** A 'command' connection: fails fast when Redis is down, so the job fails and BullMQ retries it. */
  redis: RedisClient;
  log: Logger;
  tally: JobTally;
  /** Destroys expired rooms' voice rooms; null when voice is off. */
  voice: VoiceControl | null;
}

/**
 * BullMQ processor for the rooms queue. Returns the job's outcome (kept as its return value and counted);
 * a Redis error fails the job, which BullMQ retries per the job's attempts (room jobs) or the next run repeats
 * (sweep, metrics).
 */
export function createJobHandler({ redis, log, tally, voice }: JobHandlerDeps) {
  const run = async (job: Job<RoomJobData>): Promise<string> => {
    switch (job.name) {
      case JOBS.roomExpiring: {
        const outcome = await warnRoom(redis, job.data.roomId);
        log.info({ roomId: job.data.roomId, outcome }, 'room expiry warning');
        return outcome;
      }
      case JOBS.roomExpire: {
        const outcome = await expireRoom(redis, log, job.data.roomId, voice);
        if (outcome === 'deleted') tally.roomsExpired('job', 1);
        log.info({ roomId: job.data.roomId, outcome }, 'room expiry');
        return outcome;
      }
      case JOBS.sweep: {
        const deleted = await sweepDueRooms(redis, log, Date.now(), voice);
        if (deleted > 0) log.info({ deleted }, 'sweep expired rooms whose job was lost');
        tally.roomsExpired('sweep', deleted);
        return 'completed';
      }
      case JOBS.metrics:
        await refreshHealthStats(redis, Date.now());
        return 'completed';
      default:
        log.warn({ job: job.name, jobId: job.id }, 'unknown job dropped');
        return 'unknown';
    }
  };
  return async (job: Job<RoomJobData>): Promise<string> => {
    try {
      const outcome = await run(job);
      tally.job(job.name, outcome);
      return outcome;
    } catch (err) {
      tally.job(job.name, 'failed');
      throw err;
    }
  };
}
