/**
 * What this process has done since it started, for /metrics. Prometheus counters: they only grow, and reset
 * to zero when the process restarts (Prometheus handles the reset).
 */
export class JobTally {
  /** `<job>\n<outcome>` -> jobs finished with that outcome (an outcome per handler, or 'failed'). */
  private readonly jobs = new Map<string, number>();
  /** Rooms this process expired, by 'job' (the room's own job) or 'sweep'. */
  private readonly expired = { job: 0, sweep: 0 };

  job(name: string, outcome: string): void {
    const key = `${name}\n${outcome}`;
    this.jobs.set(key, (this.jobs.get(key) ?? 0) + 1);
  }

  roomsExpired(by: 'job' | 'sweep', n: number): void {
    this.expired[by] += n;
  }

  jobCounts(): { job: string; outcome: string; count: number }[] {
    return [...this.jobs].map(([key, count]) => {
      const [job = '', outcome = ''] = key.split('\n');
      return { job, outcome, count };
    });
  }

  expiredCounts(): Readonly<{ job: number; sweep: number }> {
    return { ...this.expired };
  }
}
