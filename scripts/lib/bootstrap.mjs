import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './services.mjs';

const PNPM_VERSION = '10.34.9';
const toolsDir = join(repoRoot, '.tools');

export const say = (msg) => process.stdout.write(`[mugharred] ${msg}\n`);

/**
 * Runs one step of a first run that may take minutes (apt, pnpm, install, build), saying what it does before
 * and how long it took after, so a newcomer never stares at a silent terminal.
 */
function step(label, fn) {
  const started = Date.now();
  say(`${label}...`);
  const result = fn();
  say(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: repoRoot, ...opts });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`);
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Installs missing Debian packages when we run as root (saying so); otherwise stops with the one command
 * to run. `needs` maps a command to the package that provides it.
 */
export function ensureSystemPackages(needs, why) {
  const missing = Object.entries(needs).filter(([cmd]) => !has(cmd) && !existsSync(cmd));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map(([, pkg]) => pkg))];
  const command = `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
  if (!isRoot() || !has('apt-get')) {
    say(`${why} needs ${pkgs.join(', ')}, which ${pkgs.length > 1 ? 'are' : 'is'} not installed. Run:\n\n    sudo sh -c '${command}'\n`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  step(`installing ${pkgs.join(', ')} with apt-get (running as root) for ${why}`, () => {
    run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update', '-qq'], { env });
    run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env });
  });
}

/** pnpm at the pinned version: the one on PATH if it matches, else a private copy in .tools/ (no global install). */
function ensurePnpm() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim() === PNPM_VERSION) return;
  const bin = join(toolsDir, 'node_modules', '.bin');
  if (!existsSync(join(bin, 'pnpm'))) {
    step(`installing pnpm ${PNPM_VERSION} into .tools/ with npm`, () => {
      mkdirSync(toolsDir, { recursive: true });
      run('npm', ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', '--silent', `pnpm@${PNPM_VERSION}`]);
    });
  }
  process.env.PATH = `${bin}:${process.env.PATH}`;
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

/** pnpm, the workspace dependencies (when the lockfile changed since the last install) and a build. */
export function ensureBuilt() {
  ensurePnpm();
  process.env.TURBO_TELEMETRY_DISABLED = '1';
  const marker = join(repoRoot, 'node_modules', '.modules.yaml');
  if (mtime(join(repoRoot, 'pnpm-lock.yaml')) > mtime(marker)) {
    step('installing dependencies (pnpm install)', () =>
      run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only']),
    );
  }
  step('building (turbo run build)', () => run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']));
}
