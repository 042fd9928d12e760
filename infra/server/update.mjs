#!/usr/bin/env node
// `npm run update:server`: the new code on a server installed with install.mjs, without downtime for chat:
// git pull, build, then auth-api, rooms-api, the worker and each gateway replica restarted one at a time,
// each waiting for the one before to answer /health. Janus, Redis and coturn keep running (calls and data stay).
import { execFileSync, spawnSync } from 'node:child_process';
import { ensureBuilt, say } from '../../scripts/lib/bootstrap.mjs';
import { repoRoot } from '../../scripts/lib/services.mjs';
import { PORTS } from './lib/layout.mjs';
import { rollingRestart } from './lib/rolling-restart.mjs';

const args = process.argv.slice(2);
const checkAt = args.includes('--check') ? args[args.indexOf('--check') + 1] : null;
const UNIT_PORTS = { 'mugharred-auth-api.service': PORTS.auth, 'mugharred-rooms-api.service': PORTS.rooms, 'mugharred-worker.service': PORTS.worker };

function activeGateways() {
  const out = execFileSync('systemctl', ['list-units', '--plain', '--no-legend', '--state=active', 'mugharred-gateway@*.service'], { encoding: 'utf8' });
  return out.split('\n').map((l) => l.split(/\s+/)[0]).filter((u) => /^mugharred-gateway@\d+\.service$/.test(u));
}

const portOf = (unit) => UNIT_PORTS[unit] ?? Number(/@(\d+)\./.exec(unit)?.[1]);

try {
  if (process.getuid?.() !== 0) throw new Error('run it as root (sudo npm run update:server)');
  if (!args.includes('--no-pull')) execFileSync('git', ['pull', '--ff-only'], { cwd: repoRoot, stdio: 'inherit' });
  ensureBuilt();
  const gateways = activeGateways();
  if (gateways.length < 2) say(`only ${gateways.length} gateway replica is running: its clients reconnect while it restarts (enable a second: systemctl enable --now mugharred-gateway@3021)`);
  await rollingRestart([...Object.keys(UNIT_PORTS), ...gateways], {
    restart: async (unit) => void execFileSync('systemctl', ['restart', unit], { stdio: 'inherit' }),
    healthUrl: (unit) => `http://127.0.0.1:${portOf(unit)}/health`,
    log: say,
  });
  say('updated: every service runs the new build');
  if (checkAt) process.exit(spawnSync(process.execPath, ['infra/server/check.mjs', checkAt], { cwd: repoRoot, stdio: 'inherit' }).status ?? 1);
} catch (err) {
  say(`update failed: ${err.message}`);
  process.exit(1);
}
