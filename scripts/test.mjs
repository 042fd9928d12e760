#!/usr/bin/env node
// `npm test`: every test of the repository, against real Redis, real processes and a real browser.
// Extra arguments go to vitest (e.g. `npm test -- apps/gateway`); without them the static checks
// (`npm run check:static`) run first and a broken rule fails the run before any test starts.
import { spawnSync } from 'node:child_process';
import { ensureBuilt, ensureSystemPackages, say } from './lib/bootstrap.mjs';
import { runStaticChecks } from './lib/static-checks.mjs';
import { repoRoot } from './lib/services.mjs';

ensureSystemPackages(
  {
    'redis-server': 'redis-server',
    '/usr/sbin/nginx': 'nginx',
    '/usr/bin/chromium': 'chromium',
    '/usr/bin/janus': 'janus',
    '/usr/bin/turnserver': 'coturn',
    promtool: 'prometheus',
    'docker-compose': 'docker-compose',
    'systemd-analyze': 'systemd',
    certbot: 'certbot',
  },
  'the tests (private Redis servers, the nginx edge, a headless browser, Janus and TURN for voice, and the checks of the Prometheus, compose, systemd and certbot setups)',
);
ensureBuilt();
const vitestArgs = process.argv.slice(2);
if (vitestArgs.length === 0) {
  say('static checks: typecheck, lint, import cycles, unused code');
  if (!runStaticChecks()) process.exit(1);
}
say('running the tests with vitest, one file at a time (the whole suite takes several minutes)');
const res = spawnSync('pnpm', ['exec', 'vitest', 'run', ...vitestArgs], { stdio: 'inherit', cwd: repoRoot });
process.exit(res.status ?? 1);
