import { spawnSync } from 'node:child_process';
import { say } from './bootstrap.mjs';
import { repoRoot } from './services.mjs';

/** What CI checks without running anything: types of every file, lint rules, import cycles, dead code. */
const CHECKS = [
  ['typecheck (every package, tests included, and infra/, tests/, scripts/)', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']],
  ['lint (ESLint, eslint.config.mjs)', ['eslint', '.']],
  ['import cycles (dpdm)', ['pnpm', 'run', '--silent', 'check:cycles']],
  ['unused files, exports and dependencies (knip)', ['knip']],
];

/** Runs every check, even after one fails, so one run lists every broken rule; returns whether all passed. */
export function runStaticChecks() {
  const failed = [];
  for (const [label, [cmd, ...args]] of CHECKS) {
    const started = Date.now();
    const argv = cmd === 'pnpm' ? args : ['exec', cmd, ...args];
    const res = spawnSync('pnpm', argv, { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
    const ok = res.status === 0;
    say(`${label}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!ok) failed.push(label);
  }
  if (failed.length) say(`static checks failed: ${failed.join('; ')}`);
  return failed.length === 0;
}
