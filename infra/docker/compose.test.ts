import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain-JS launcher module without type declarations
import { DEFAULT_PORTS } from '../../scripts/lib/services.mjs';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

// There is no Docker engine where CI runs, so the compose file is validated, not run.
describe('docker-compose.yml', () => {
  it('passes the compose-spec linter', async () => {
    const { stdout, stderr } = await run('pnpm', ['exec', 'dclint', '-q', 'docker-compose.yml'], { cwd: root }).catch(
      (err: { stdout: string; stderr: string }) => err,
    );
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it('uses the port map of npm start for every service', async () => {
    const compose = await readFile(new URL('docker-compose.yml', root), 'utf8');
    const ports = DEFAULT_PORTS as { auth: number; rooms: number; gateways: number[]; worker: number };
    for (const port of [ports.auth, ports.rooms, ...ports.gateways, ports.worker]) {
      expect(compose).toContain(`PORT: "${port}"`);
    }
    expect(compose).toContain('127.0.0.1:3010:80');
  });

  it('gives the edge container every variable the nginx site template needs', async () => {
    const compose = await readFile(new URL('docker-compose.yml', root), 'utf8');
    const template = await readFile(new URL('infra/nginx/mugharred.conf.template', root), 'utf8');
    const needed = [...new Set([...template.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]!))];
    expect(needed.length).toBeGreaterThan(0);
    for (const name of needed) expect(compose).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
  });
});
