// `pnpm bench [flags]` (or `npm run bench -- [flags]`): builds what the bench runs (turbo, cached, so a no-op when
// nothing changed), then runs it. Flags and defaults: `pnpm bench --help`.
// `npm run bench -- <name> [flags]` runs one of the load and soak runs in bench/src/runs instead (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = ['idle-sockets', 'join-storm', 'reconnect-storm', 'room-churn'];
const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith('-');
if (named && !RUNS.includes(first)) {
  process.stderr.write(`unknown bench run "${first}"; the runs: ${RUNS.join(', ')} (or flags for the relay bench: --help)\n`);
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));
const build = spawnSync(
  turbo,
  [
    'run',
    'build',
    '--filter=@mugharred/bench...',
    '--filter=@mugharred/gateway...',
    ...(first === 'room-churn' ? ['--filter=@mugharred/rooms-api...', '--filter=@mugharred/worker...'] : []),
    '--output-logs=errors-only',
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const args = named ? [`bench/dist/runs/${first}.js`, ...rest] : ['bench/dist/main.js', ...process.argv.slice(2)];
const bench = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(bench.status ?? 1);
