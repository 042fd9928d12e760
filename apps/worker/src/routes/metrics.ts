import { readHealthStats, type HealthStats, type RedisClient } from '@mugharred/redis-schema';
import { Gauge, metricsRegistry, type BaseApp } from '@mugharred/service-kit';
import type { JobCounts, RoomsWorker } from '../rooms-worker.js';

/**
 * The worker's series in GET /metrics (which createBaseApp serves with the process metrics every service has):
 * the numbers /health reports (from the metrics job's last run) and the queue's jobs by state; job-tally.ts adds
 * what this process has done. Answers 200 while Redis is down, with mugharred_redis_up 0 and the figures of the
 * last scrape that reached it.
 */
export function registerWorkerMetrics(app: BaseApp, redis: RedisClient, jobs: RoomsWorker): void {
  let stats: HealthStats | null = null;
  let counts: JobCounts | null = null;
  // Read once per scrape, before prom-client collects the gauges below from these two.
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.url !== '/metrics') return;
    [stats, counts] = await Promise.all([readHealthStats(redis).catch(() => null), jobs.jobCounts()]);
  });
  const registers = [metricsRegistry()];
  let last: HealthStats | null = null;
  const fromStats = (name: string, help: string, value: (s: HealthStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        last = stats ?? last;
        if (last) this.set(value(last));
      },
    });
  new Gauge({
    name: 'mugharred_redis_up',
    help: 'Whether Redis answered this scrape (1) or not (0).',
    registers,
    collect() {
      this.set(stats ? 1 : 0);
    },
  });
  fromStats('mugharred_rooms', 'Live rooms.', (s) => s.rooms);
  fromStats('mugharred_participants', 'Members of live rooms (the capacity count).', (s) => s.participants);
  fromStats('mugharred_online', 'Members with a live socket, summed over rooms.', (s) => s.online);
  fromStats('mugharred_messages_per_minute', 'Messages stored in the last complete minute.', (s) => s.messagesPerMinute);
  fromStats('mugharred_stats_updated_seconds', 'Unix time of the metrics run behind them.', (s) => s.updatedAt / 1000);
  new Gauge({
    name: 'mugharred_queue_jobs',
    help: 'Jobs in the rooms queue by state (as of the last scrape that reached Redis).',
    labelNames: ['state'],
    registers,
    collect() {
      for (const [state, value] of Object.entries(counts ?? {})) this.set({ state }, value);
    },
  });
}
