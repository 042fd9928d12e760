// `pnpm bench [flags]` (or `npm run bench -- [flags]`): builds the repository (turbo, cached, so a no-op when
// nothing changed), then runs the bench. Flags and defaults: `pnpm bench --help`.
// `npm run bench -- <name> [flags]` runs one of the load and soak runs in bench/src/runs instead (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { ensureBuilt } from './lib/bootstrap.mjs';
import { repoRoot } from './lib/services.mjs';

const RUNS = ['idle-sockets', 'join-storm', 'reconnect-storm', 'room-churn', 'send-script'];
/** The relay bench's own modes (bench/src/options.ts): they go to bench/dist/main.js with the flags. */
const MODES = ['compare', 'ceiling', 'hot-room'];
const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith('-') && !MODES.includes(first);
if (named && !RUNS.includes(first)) {
  process.stderr.write(`unknown bench run "${first}"; the runs: ${RUNS.join(', ')}; the relay bench's modes: ${MODES.join(', ')} (--help)\n`);
  process.exit(2);
}

// The same first-run steps as `npm test` (pnpm into .tools/ when missing, install, a cached turbo build), so the
// bench also works in a fresh clone on a machine without pnpm on PATH.
ensureBuilt();
const args = named ? [`bench/dist/runs/${first}.js`, ...rest] : ['bench/dist/main.js', ...process.argv.slice(2)];
const bench = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
process.exit(bench.status ?? 1);
