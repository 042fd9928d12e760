/**
 * Preloaded into a server (NODE_OPTIONS=--import) when the bench runs with --cpu-prof or --heap-snapshot.
 * - BENCH_CPU_PROFILE=<file>: Node 20 refuses --cpu-prof in NODE_OPTIONS, so this starts the V8 profiler through
 *   the inspector and writes a .cpuprofile (Chrome DevTools, speedscope, profile-summary.js) at exit.
 * - BENCH_HEAP_SNAPSHOT=<prefix>: each SIGUSR2 writes <prefix>-<n>.heapsnapshot (the bench sends one before and
 *   one after the connect phase; heap-summary.js compares them).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { writeHeapSnapshot } from 'node:v8';

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

const snapshotPrefix = process.env.BENCH_HEAP_SNAPSHOT;
if (snapshotPrefix) {
  let n = 0;
  process.on('SIGUSR2', () => {
    writeHeapSnapshot(`${snapshotPrefix}-${++n}.heapsnapshot`);
    process.stdout.write(`heap snapshot ${n} written\n`);
  });
}
