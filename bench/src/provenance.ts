import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Which gateway the figures belong to: the last commit that touched apps/gateway, whether its sources have
 * uncommitted changes, and when the measured build (apps/gateway/dist/main.js) was made.
 */
export function gatewayProvenance(): string {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const commit = git('log', '-1', '--format=%h %s', '--', 'apps/gateway') || 'unknown commit';
  const dirty = git('status', '--porcelain', '--', 'apps/gateway/src') ? ', with uncommitted changes in apps/gateway/src' : '';
  let built = 'not built';
  try {
    built = `built ${statSync(`${repoRoot}apps/gateway/dist/main.js`).mtime.toISOString()}`;
  } catch {
    // Reported as "not built"; the round itself fails with the launcher's message.
  }
  return `gateway: ${commit}${dirty}; dist ${built}; node ${process.version}`;
}
