/**
 * Preloaded into a server (NODE_OPTIONS=--import) when the bench runs with --cpu-prof, --heap-snapshot or --heap-spaces.
 * - BENCH_CPU_PROFILE=<file>: Node 20 refuses --cpu-prof in NODE_OPTIONS, so this starts the V8 profiler through
 *   the inspector and writes a .cpuprofile (Chrome DevTools, speedscope, profile-summary.js) at exit.
 * - BENCH_HEAP_REPORT=<prefix>: each SIGUSR2 (the bench sends one before and one after the connect phase) appends
 *   the process's RSS and V8 heap spaces to <prefix>.heap-spaces.txt and, with BENCH_HEAP_SNAPSHOT=1, writes
 *   <prefix>-<n>.heapsnapshot (heap-summary.js compares them).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

const profileFile = process.env.BENCH_CPU_PROFILE;
if (profileFile) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // The inspector answers a same-thread session synchronously, so this completes inside the exit handler.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(profileFile, JSON.stringify(res.profile));
    });
  });
}

const reportPrefix = process.env.BENCH_HEAP_REPORT;
if (reportPrefix) {
  const withSnapshot = process.env.BENCH_HEAP_SNAPSHOT === '1';
  let n = 0;
  process.on('SIGUSR2', () => {
    n += 1;
    // Read before the snapshot, which itself allocates.
    const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
    const mem = process.memoryUsage();
    const spaces = getHeapSpaceStatistics()
      .filter((s) => s.space_size > 0)
      .map((s) => `${s.space_name} ${mb(s.space_size)}/${mb(s.space_used_size)}`);
    appendFileSync(
      `${reportPrefix}.heap-spaces.txt`,
      `report ${n}: rss ${mb(mem.rss)} MB, heap ${mb(mem.heapTotal)}/${mb(mem.heapUsed)} (size/used), external ${mb(mem.external)}; ${spaces.join(', ')}\n`,
    );
    if (withSnapshot) writeHeapSnapshot(`${reportPrefix}-${n}.heapsnapshot`);
    process.stdout.write(`heap report ${n} written\n`);
  });
}
