import { Counter, metricsRegistry } from '@mugharred/service-kit';

const registers = [metricsRegistry()];
const jobs = new Counter({
  name: 'mugharred_worker_jobs_total',
  help: 'Jobs this process finished, by job name and outcome (an outcome per handler, or failed).',
  labelNames: ['job', 'outcome'],
  registers,
});
const expired = new Counter({
  name: 'mugharred_rooms_expired_total',
  help: 'Rooms this process expired, by their own job or by the sweep (their job was lost).',
  labelNames: ['by'],
  registers,
});
for (const by of ['job', 'sweep']) expired.inc({ by }, 0);

/** What this process has done since it started, as Prometheus counters (they reset when the process restarts). */
export class JobTally {
  job(name: string, outcome: string): void {
    jobs.inc({ job: name, outcome });
  }

  roomsExpired(by: 'job' | 'sweep', n: number): void {
    expired.inc({ by }, n);
  }
}
