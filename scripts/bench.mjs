// `pnpm bench [flags]` (or `npm run bench -- [flags]`): builds what the bench runs (turbo, cached, so a no-op when
// nothing changed), then runs it. Flags and defaults: `pnpm bench --help`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url));
const build = spawnSync(
  turbo,
  ['run', 'build', '--filter=@mugharred/bench...', '--filter=@mugharred/gateway...', '--output-logs=errors-only'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const bench = spawnSync(process.execPath, ['bench/dist/main.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(bench.status ?? 1);
