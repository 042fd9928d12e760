import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, scrape, startPrivateRedis, type PrivateRedis } from '../../packages/testing/src/index.js';
import { NODE_FLAGS } from '../../scripts/lib/services.mjs';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

/**
 * The Dockerfile's deploy step, read from the Dockerfile itself so this test cannot drift from it:
 * `RUN for app in <apps>; do <command with $app>; done`.
 */
async function deployStep(): Promise<{ apps: string[]; command: string }> {
  const dockerfile = await readFile(new URL('infra/docker/Dockerfile', root), 'utf8');
  const m = /^RUN for app in ([a-z -]+); do (pnpm .*deploy .*); done$/m.exec(dockerfile);
  if (!m) throw new Error('no `RUN for app in ...; do pnpm ... deploy ...; done` line in the Dockerfile');
  return { apps: m[1]!.trim().split(/\s+/), command: m[2]! };
}

/** The service stage's CMD, read from the Dockerfile: `CMD ["node", ...flags, "dist/main.js"]`. */
async function serviceCommand(): Promise<string[]> {
  const dockerfile = await readFile(new URL('infra/docker/Dockerfile', root), 'utf8');
  const stage = dockerfile.slice(dockerfile.indexOf(' AS service'));
  const m = /^CMD (\[.*\])$/m.exec(stage);
  if (!m) throw new Error('no CMD in the service stage of the Dockerfile');
  return JSON.parse(m[1]!) as string[];
}

/** Runs the step's command for `app`, with the image's /out replaced by `out`. */
async function deploy(command: string, app: string, out: string): Promise<void> {
  const argv = command
    .replaceAll('$app', app)
    .replace('"/out/', `"${out}/`)
    .match(/"[^"]*"|\S+/g)!
    .map((a) => a.replace(/^"|"$/g, ''));
  await run(argv[0]!, argv.slice(1), { cwd: root, maxBuffer: 16 * 1024 * 1024 });
}

const SECRET = 'image-tree-test-secret-that-is-long-enough';
/** The image's CMD and each app's start script: node with NODE_FLAGS, as npm start and the systemd units run it. */
const SERVICE_COMMAND = ['node', ...NODE_FLAGS, 'dist/main.js'];
let out: string;
let redis: PrivateRedis;
let step: { apps: string[]; command: string };
let command: string[];
const children: ChildProcess[] = [];

beforeAll(async () => {
  step = await deployStep();
  command = await serviceCommand();
  out = await mkdtemp(join(tmpdir(), 'mugharred-images-'));
  redis = await startPrivateRedis();
  for (const app of step.apps) await deploy(step.command, app, out);
}, 300_000);
afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await redis?.stop();
  if (out) await rm(out, { recursive: true, force: true });
});

/** The image's CMD inside the tree (its `node` this test's), until /health answers. */
async function boot(app: string): Promise<{ url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, command.slice(1), {
    cwd: join(out, app),
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), REDIS_URL: redis.url, JWT_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const ok = await fetch(`${url}/health`).then((r) => r.status === 200, () => false);
    if (ok) return { url, output: () => log };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${app} from its image tree did not answer /health (exit ${child.exitCode}):\n${log}`);
}

describe("each service's image tree (pnpm deploy --prod, as the Dockerfile builds it)", () => {
  it('deploys every Node service the compose file runs', () => {
    expect(step.apps).toEqual(['auth-api', 'rooms-api', 'gateway', 'worker']);
  });

  it('runs each service with the Node.js flags npm start and the systemd units use', () => {
    expect(command).toEqual(SERVICE_COMMAND);
  });

  it("gives each service's own start script (pnpm --filter <app> start) the same flags", async () => {
    for (const app of step.apps) {
      const pkg = JSON.parse(await readFile(new URL(`apps/${app}/package.json`, root), 'utf8')) as { scripts: { start: string } };
      expect([app, pkg.scripts.start]).toEqual([app, SERVICE_COMMAND.join(' ')]);
    }
  });

  it('holds the built service and production dependencies only, with no link out of the tree', async () => {
    for (const app of step.apps) {
      const { stdout } = await run('find', [join(out, app), '-type', 'l', '-lname', '/*']);
      expect([app, stdout]).toEqual([app, '']);
      const tree = join(out, app);
      expect([app, existsSync(join(tree, 'dist/main.js'))]).toEqual([app, true]);
      expect([app, existsSync(join(tree, 'src'))]).toEqual([app, false]);
      for (const dev of ['vitest', 'typescript', '@mugharred/testing']) {
        expect([app, dev, existsSync(join(tree, 'node_modules', dev))]).toEqual([app, dev, false]);
      }
      expect([app, existsSync(join(tree, 'node_modules/@mugharred/service-kit/dist/index.js'))]).toEqual([app, true]);
    }
    // Files a package needs beside dist come along too: every Lua script of redis-schema.
    const scripts = (await readdir(new URL('packages/redis-schema/lua', root), { recursive: true })).sort();
    expect(scripts.length).toBeGreaterThan(5);
    expect((await readdir(join(out, 'gateway/node_modules/@mugharred/redis-schema/lua'), { recursive: true })).sort()).toEqual(scripts);
  });

  it.each(['auth-api', 'rooms-api', 'gateway', 'worker'])('%s boots from its tree alone and answers /health and /metrics', async (app) => {
    const svc = await boot(app);
    const health = (await (await fetch(`${svc.url}/health`)).json()) as { status: string; service: string };
    expect(health).toMatchObject({ status: 'ok', service: app });
    const metrics = await scrape(svc.url);
    expect(metrics.value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(svc.output()).not.toContain('Cannot find package');
  }, 90_000);
});
