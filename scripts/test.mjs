#!/usr/bin/env node
// `npm test`: every test of the repository, against real Redis, real processes and a real browser.
// Extra arguments go to vitest (e.g. `npm test -- apps/gateway`).
import { spawnSync } from 'node:child_process';
import { ensureBuilt, ensureSystemPackages, say } from './lib/bootstrap.mjs';
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
say('running the tests with vitest, one file at a time (the whole suite takes several minutes)');
const res = spawnSync('pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', cwd: repoRoot });
process.exit(res.status ?? 1);
