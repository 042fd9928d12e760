/**
 * Preloaded into a server (NODE_OPTIONS=--import) when the bench runs with --cpu-prof: Node 20 refuses --cpu-prof
 * in NODE_OPTIONS, so this starts the V8 profiler through the inspector and writes a .cpuprofile (open it in
 * Chrome DevTools or speedscope) when the process exits. Env: BENCH_CPU_PROFILE (the file to write).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const file = process.env.BENCH_CPU_PROFILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // The inspector answers a same-thread session synchronously, so this completes inside the exit handler.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(file, JSON.stringify(res.profile));
    });
  });
}
