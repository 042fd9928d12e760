import { readHealthStats, type HealthStats, type RedisClient } from '@mugharred/redis-schema';
import type { BaseApp } from '@mugharred/service-kit';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus, type MetricFamily } from '../prometheus-text.js';
import type { JobCounts, RoomsWorker } from '../rooms-worker.js';

const gauge = (name: string, help: string, value: number): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples: [{ value }],
});

/**
 * GET /metrics for Prometheus: the numbers /health reports (from the metrics job's last run), the queue's jobs
 * by state, and what this process has done. Answers 200 while Redis is down, with mugharred_redis_up 0 and
 * only this process's own counters.
 */
export function registerMetrics(app: BaseApp, redis: RedisClient, jobs: RoomsWorker): void {
  app.get('/metrics', async (_req, reply) => {
    const [stats, counts] = await Promise.all([readHealthStats(redis).catch(() => null), jobs.jobCounts()]);
    return reply.type(PROMETHEUS_CONTENT_TYPE).send(renderPrometheus(families(stats, counts, jobs)));
  });
}

function families(stats: HealthStats | null, counts: JobCounts | null, jobs: RoomsWorker): MetricFamily[] {
  const out = [gauge('mugharred_redis_up', 'Whether Redis answered this scrape (1) or not (0).', stats ? 1 : 0)];
  if (stats) {
    out.push(
      gauge('mugharred_rooms', 'Live rooms.', stats.rooms),
      gauge('mugharred_participants', 'Members of live rooms (the capacity count).', stats.participants),
      gauge('mugharred_online', 'Members with a live socket, summed over rooms.', stats.online),
      gauge('mugharred_messages_per_minute', 'Messages stored in the last complete minute.', stats.messagesPerMinute),
      gauge('mugharred_stats_updated_seconds', 'Unix time of the metrics run behind them.', stats.updatedAt / 1000),
    );
  }
  if (counts) {
    out.push({
      name: 'mugharred_queue_jobs',
      help: 'Jobs in the rooms queue by state.',
      type: 'gauge',
      samples: Object.entries(counts).map(([state, value]) => ({ labels: { state }, value })),
    });
  }
  const expired = jobs.tally.expiredCounts();
  out.push(
    {
      name: 'mugharred_worker_jobs_total',
      help: 'Jobs this process finished, by job name and outcome.',
      type: 'counter',
      samples: jobs.tally.jobCounts().map(({ job, outcome, count }) => ({ labels: { job, outcome }, value: count })),
    },
    {
      name: 'mugharred_rooms_expired_total',
      help: 'Rooms this process expired, by their own job or by the sweep (their job was lost).',
      type: 'counter',
      samples: [
        { labels: { by: 'job' }, value: expired.job },
        { labels: { by: 'sweep' }, value: expired.sweep },
      ],
    },
  );
  return out;
}
