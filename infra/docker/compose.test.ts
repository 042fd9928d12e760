import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unreadVariables } from '../config-reads.js';
import { DEFAULT_PORTS } from '../../scripts/lib/services.mjs';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);
const secret = () => randomBytes(32).toString('base64');
const SECRETS = { JWT_SECRET: secret(), JANUS_API_SECRET: secret(), JANUS_ADMIN_SECRET: secret(), JANUS_ADMIN_KEY: secret() };
const NODE_SERVICES = ['auth-api', 'rooms-api', 'gateway', 'worker'] as const;

interface Service {
  build?: { target: string; args?: Record<string, string> };
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: unknown[];
  container_name?: string;
}

/** docker-compose's own reading of the file (anchors, merges and ${...} resolved), as the engine would get it. */
let services: Record<string, Service>;
beforeAll(async () => {
  const { stdout } = await run('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: root, env: { ...process.env, ...SECRETS } });
  services = (parse(stdout) as { services: Record<string, Service> }).services;
});

// There is no Docker engine where CI runs, so the compose file is validated, not run.
describe('docker-compose.yml', () => {
  it('passes the compose-spec linter and docker-compose config', async () => {
    const { stdout, stderr } = await run('pnpm', ['exec', 'dclint', '-q', 'docker-compose.yml'], { cwd: root }).catch(
      (err: { stdout: string; stderr: string }) => err,
    );
    expect(`${stdout}${stderr}`.trim()).toBe('');
    await run('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, env: { ...process.env, ...SECRETS } });
  });

  it('refuses to start without the secrets, naming the one missing', async () => {
    const { JWT_SECRET: _, ...others } = SECRETS;
    const env = { PATH: process.env.PATH ?? '', ...others };
    const err = (await run('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, env }).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error & { stderr: string }).stderr)).toContain('JWT_SECRET');
  });

  it('builds each Node service into its own image and health-checks every service', () => {
    for (const name of NODE_SERVICES) expect([name, services[name]!.build]).toMatchObject([name, { target: 'service', args: { APP: name } }]);
    for (const [name, s] of Object.entries(services)) expect([name, s.healthcheck?.test?.length ?? 0]).not.toEqual([name, 0]);
  });

  it('starts nothing before what it needs is healthy', () => {
    for (const name of NODE_SERVICES) expect(services[name]!.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    for (const needed of ['auth-api', 'rooms-api', 'gateway']) {
      expect(services.edge!.depends_on![needed]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('runs the gateways as one scalable service that the edge finds by DNS', () => {
    const gateways = Object.keys(services).filter((n) => n.startsWith('gateway'));
    expect(gateways).toEqual(['gateway']);
    // --scale needs replicas that share no host port, container name or replica id.
    const gw = services.gateway!;
    expect(gw.ports ?? []).toEqual([]);
    expect(gw.container_name).toBeUndefined();
    expect(gw.environment!.REPLICA_ID).toBeUndefined();
    const servers = services.edge!.environment!.GATEWAY_SERVERS!;
    expect(servers).toMatch(/^resolver 127\.0\.0\.11 .*;\s*server gateway:3020 resolve\b/);
  });

  it('gives each Node service only variables it reads, all of them valid', async () => {
    for (const name of NODE_SERVICES) {
      const env = services[name]!.environment!;
      expect([name, await unreadVariables(name, env)]).toEqual([name, []]);
    }
    expect(services['auth-api']!.environment).not.toHaveProperty('JANUS_API_SECRET');
    expect(services.worker!.environment).not.toHaveProperty('JWT_SECRET');
  });

  it('uses the port map of npm start for every service', () => {
    const ports = DEFAULT_PORTS as { auth: number; rooms: number; gateways: number[]; worker: number };
    const expected = { 'auth-api': ports.auth, 'rooms-api': ports.rooms, gateway: ports.gateways[0], worker: ports.worker };
    for (const [name, port] of Object.entries(expected)) expect([name, services[name]!.environment!.PORT]).toEqual([name, String(port)]);
    expect(services.edge!.ports).toEqual(['127.0.0.1:3010:80/tcp']);
  });

  it('gives the edge container every variable the nginx site template needs', async () => {
    const template = await readFile(new URL('infra/nginx/mugharred.conf.template', root), 'utf8');
    const needed = [...new Set([...template.matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1]!))];
    expect(needed.length).toBeGreaterThan(0);
    for (const name of needed) expect([name, typeof services.edge!.environment![name]]).toEqual([name, 'string']);
  });
});
