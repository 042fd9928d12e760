import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/redis.mjs';
import { nginxBinary } from '../../scripts/lib/edge.mjs';
import { NODE_FLAGS } from '../../scripts/lib/services.mjs';
import { readConfig as readAuthConfig } from '../../apps/auth-api/src/config.js';
import { readConfig as readGatewayConfig } from '../../apps/gateway/src/config.js';
import { readConfig as readRoomsConfig } from '../../apps/rooms-api/src/config.js';
import { readConfig as readWorkerConfig } from '../../apps/worker/src/config.js';
import { janusOptionsFromEnv, janusSettings, type StartJanusOptions } from '../janus/start-janus.mjs';
import { parseEnv, SECRET_KEYS } from './lib/env-file.mjs';
import { certbotCommand } from './lib/layout.mjs';
import { makePrivateCa } from './test-support/private-ca.mjs';

const run = promisify(execFile);
const repo = new URL('../../', import.meta.url).pathname;
const DOMAIN = 'chat.mugharred.test';

async function install(root: string, ...args: string[]) {
  return run(process.execPath, ['infra/server/install.mjs', '--domain', DOMAIN, '--root', root, '--no-build', ...args], { cwd: repo });
}

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await filesUnder(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

describe('the server installer, run end to end against a temporary root', () => {
  let root: string;
  let stdout: string;
  let ca: Awaited<ReturnType<typeof makePrivateCa>>;
  const read = (path: string) => readFile(join(root, path), 'utf8');
  const unitDir = () => join(root, 'etc/systemd/system');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mugharred-root-'));
    ca = await makePrivateCa(DOMAIN);
    ({ stdout } = await install(root, '--cert', ca.certFile, '--key', ca.keyFile, '--gateways', '3020,3021,3022', '--public-ip', '203.0.113.20'));
  });

  it('writes exactly the env file, Redis and coturn configs, the systemd units and the nginx site', async () => {
    expect(await filesUnder(root)).toEqual([
      '/etc/mugharred/env',
      '/etc/mugharred/redis.conf',
      '/etc/mugharred/turnserver.conf',
      '/etc/nginx/mugharred/security-headers.conf',
      '/etc/nginx/mugharred/tls.conf',
      '/etc/nginx/sites-available/mugharred.conf',
      '/etc/nginx/sites-enabled/mugharred.conf',
      '/etc/systemd/system/mugharred-auth-api.service',
      '/etc/systemd/system/mugharred-gateway@.service',
      '/etc/systemd/system/mugharred-janus.service',
      '/etc/systemd/system/mugharred-redis.service',
      '/etc/systemd/system/mugharred-rooms-api.service',
      '/etc/systemd/system/mugharred-turn.service',
      '/etc/systemd/system/mugharred-worker.service',
      '/etc/systemd/system/mugharred.target',
    ]);
    expect(await readlink(join(root, 'etc/nginx/sites-enabled/mugharred.conf'))).toBe('../sites-available/mugharred.conf');
    expect((await stat(join(root, 'var/lib/mugharred/acme'))).isDirectory()).toBe(true);
  });

  it('generates every secret into a root-only env file and never prints one', async () => {
    expect((await stat(join(root, 'etc/mugharred/env'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(root, 'etc/mugharred'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(root, 'etc/mugharred/turnserver.conf'))).mode & 0o777).toBe(0o600);
    const env = parseEnv(await read('etc/mugharred/env'));
    const secrets = SECRET_KEYS.map((k) => env.get(k) ?? '');
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(32);
    expect(new Set(secrets).size).toBe(SECRET_KEYS.length);
    for (const s of secrets) expect(stdout).not.toContain(s);
    expect(env.get('ALLOWED_ORIGINS')).toBe(`https://${DOMAIN}`);
    expect(env.get('TRUST_PROXY')).toBe('true');
    expect(env.get('JANUS_NAT_1_1')).toBe('203.0.113.20');
    expect(env.get('VOICE_TURN_URLS')).toBe(`turn:${DOMAIN}:3478?transport=udp,turn:${DOMAIN}:3478?transport=tcp`);
    expect(await read('etc/mugharred/turnserver.conf')).toContain(`static-auth-secret=${env.get('VOICE_TURN_SECRET')}\n`);
    expect(await read('etc/mugharred/turnserver.conf')).not.toMatch(/allow-loopback-peers|allowed-peer-ip|relay-ip/);
  });

  it('gives every service a configuration its own check accepts: the domain’s origin, Janus on loopback, TURN per pass', async () => {
    const env = Object.fromEntries(parseEnv(await read('etc/mugharred/env')));
    const withPort = (port: string) => ({ ...env, PORT: port, HOST: '127.0.0.1' });
    // TRUST_PROXY=true means exactly one trusted hop (the edge), never "every hop".
    expect(readAuthConfig(withPort('3011')).trustProxy).toBe(1);
    const rooms = readRoomsConfig(withPort('3012'));
    expect(rooms.voice?.turnRest).toEqual({ urls: [`turn:${DOMAIN}:3478?transport=udp`, `turn:${DOMAIN}:3478?transport=tcp`], secret: env.VOICE_TURN_SECRET, ttlSeconds: 10800 });
    expect(rooms.voice?.adminUrl).toBe('ws://127.0.0.1:7188');
    expect(readGatewayConfig({ ...withPort('3020'), REPLICA_ID: 'gateway-3020' }).allowedOrigins).toEqual([`https://${DOMAIN}`]);
    expect(readWorkerConfig(withPort('3030')).voice?.apiSecret).toBe(env.JANUS_API_SECRET);
    // janusSettings throws on missing, short, equal or sample secrets: passing is the check.
    const janus = janusSettings(janusOptionsFromEnv(env) as StartJanusOptions);
    expect({ wsIp: janus.wsIp, adminIp: janus.adminIp, nat11: janus.nat11 }).toEqual({ wsIp: '127.0.0.1', adminIp: '127.0.0.1', nat11: '203.0.113.20' });
  });

  it('keeps the secrets and the operator’s own lines on a re-install, and the origins follow a new domain', async () => {
    const again = await mkdtemp(join(tmpdir(), 'mugharred-root-'));
    await install(again, '--cert', ca.certFile, '--key', ca.keyFile);
    const envFile = join(again, 'etc/mugharred/env');
    const first = parseEnv(await readFile(envFile, 'utf8'));
    await writeFile(envFile, `${await readFile(envFile, 'utf8')}RATE_PER_SECOND=5\n`);
    const second = await run(process.execPath, ['infra/server/install.mjs', '--domain', 'talk.mugharred.test', '--root', again, '--no-build', '--cert', ca.certFile, '--key', ca.keyFile], { cwd: repo });
    expect(second.stdout).toContain('kept the secrets');
    const env = parseEnv(await readFile(envFile, 'utf8'));
    for (const key of SECRET_KEYS) expect(env.get(key)).toBe(first.get(key));
    expect(env.get('RATE_PER_SECOND')).toBe('5');
    expect(env.get('ALLOWED_ORIGINS')).toBe('https://talk.mugharred.test');
  });

  it('configures Redis for loopback only, append-only persistence and no eviction', async () => {
    const conf = await read('etc/mugharred/redis.conf');
    for (const line of ['bind 127.0.0.1 -::1', 'protected-mode yes', 'appendonly yes', 'maxmemory-policy noeviction', 'maxmemory 512mb']) {
      expect(conf.split('\n')).toContain(line);
    }
    const unit = await readFile(join(unitDir(), 'mugharred-redis.service'), 'utf8');
    expect(unit).toContain('StateDirectory=mugharred-redis\n');
    expect(unit).toContain('WorkingDirectory=/var/lib/mugharred-redis\n');
  });

  it('hardens and restarts every service, logs to the journal, and reads the one env file', async () => {
    for (const name of (await readdir(unitDir())).filter((n) => n.endsWith('.service'))) {
      const unit = await readFile(join(unitDir(), name), 'utf8');
      const lines = unit.split('\n');
      for (const line of ['DynamicUser=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'NoNewPrivileges=yes', 'PrivateTmp=yes', 'CapabilityBoundingSet=', 'Restart=always', 'StandardOutput=journal']) {
        expect(lines, `${name}: ${line}`).toContain(line);
      }
      if (!/redis|turn/.test(name)) {
        expect(lines, name).toContain('EnvironmentFile=/etc/mugharred/env');
        expect(unit, name).toContain(`ExecStart=${process.execPath} ${NODE_FLAGS.join(' ')} ${repo.replace(/\/$/, '')}/`);
      }
    }
    const gateway = await readFile(join(unitDir(), 'mugharred-gateway@.service'), 'utf8');
    expect(gateway).toContain('Environment=PORT=%i HOST=127.0.0.1 REPLICA_ID=gateway-%i');
    expect(await readFile(join(unitDir(), 'mugharred-turn.service'), 'utf8')).toContain('LoadCredential=turnserver.conf:/etc/mugharred/turnserver.conf');
    for (const unit of ['redis-server', 'janus', 'coturn']) expect(stdout).toContain(`would run: systemctl disable --now ${unit}.service`);
    expect(stdout).toContain(
      'would run: systemctl enable mugharred.target mugharred-auth-api.service mugharred-rooms-api.service mugharred-worker.service mugharred-janus.service mugharred-redis.service mugharred-turn.service mugharred-gateway@3020.service mugharred-gateway@3021.service mugharred-gateway@3022.service',
    );
  });

  it('writes units that systemd-analyze verify accepts without a warning, the gateway template as instances too', async () => {
    const names = (await readdir(unitDir())).filter((n) => !n.includes('@'));
    const units = [...names, 'mugharred-gateway@3020.service', 'mugharred-gateway@3022.service'].map((n) => join(unitDir(), n));
    const res = await run('systemd-analyze', ['verify', ...units]).catch((err) => err);
    expect(`${res.stdout}${res.stderr}`).toBe('');
    expect(res.code ?? 0).toBe(0);
  });

  it('rates every service OK in systemd-analyze security (exposure at most 3.0 of 10), which an unhardened unit is not', async () => {
    const services = [...(await readdir(unitDir())).filter((n) => n.endsWith('.service') && !n.includes('@')), 'mugharred-gateway@3020.service'];
    for (const name of services) {
      const res = await run('systemd-analyze', ['security', '--offline=true', '--threshold=30', join(unitDir(), name)]).catch((err) => err);
      expect(res.code ?? 0, `${name}\n${res.stdout}`).toBe(0);
      expect(res.stdout).toMatch(/Overall exposure level for .*: [0-3]\.\d OK/);
    }
    const bare = join(root, 'bare.service');
    const unit = await readFile(join(unitDir(), 'mugharred-auth-api.service'), 'utf8');
    await writeFile(bare, unit.replace(/^(DynamicUser|Protect|Private|NoNewPrivileges|Restrict|Lock|SystemCall|Capability|UMask).*\n/gm, ''));
    const res = await run('systemd-analyze', ['security', '--offline=true', '--threshold=30', bare]).catch((err) => err);
    expect(res.code).not.toBe(0);
  });

  it('writes a Redis config that redis-server runs with: AOF on, noeviction, loopback only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mugharred-redis-'));
    const port = await freePort();
    // Only the port is moved (a test never touches 6379); the data folder is the working directory, as in the unit.
    const redis = spawn('redis-server', [join(root, 'etc/mugharred/redis.conf'), '--port', String(port)], { cwd: dir, stdio: 'ignore' });
    try {
      const cli = (...args: string[]) => run('redis-cli', ['-p', String(port), '--raw', ...args]).then((r) => r.stdout.trim().split('\n'));
      for (let i = 0; i < 100 && (await cli('PING').catch(() => [])).join() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await cli('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await cli('CONFIG', 'GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await cli('CONFIG', 'GET', 'maxmemory')).toEqual(['maxmemory', String(512 * 1024 * 1024)]);
      expect((await cli('CONFIG', 'GET', 'bind'))[1]).toBe('127.0.0.1 -::1');
      expect(await cli('CONFIG', 'GET', 'dir')).toEqual(['dir', dir]);
      expect(await readdir(dir)).toContain('appendonlydir');
    } finally {
      redis.kill('SIGTERM');
      await new Promise((r) => redis.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('renders an nginx site that nginx -t accepts: TLS on 443 with HSTS and a wss-only CSP, HTTP redirecting, the Admin API never routed', async () => {
    const site = await read('etc/nginx/sites-available/mugharred.conf');
    expect(site).toContain(`server_name ${DOMAIN};`);
    expect(site).toContain('listen 443 ssl http2;');
    expect(site).toContain(`return 301 https://${DOMAIN}$request_uri;`);
    expect(site).not.toContain('7188');
    const headers = await read('etc/nginx/mugharred/security-headers.conf');
    expect(headers).toContain('Strict-Transport-Security "max-age=63072000"');
    expect(headers).toContain('connect-src \'self\' wss://$http_host;');
    expect(headers).not.toContain('ws://');
    expect(await read('etc/nginx/mugharred/tls.conf')).toContain(`ssl_certificate ${ca.certFile};`);

    // The installed paths, moved into the temporary root, under a main file like Debian's (sites-enabled in http).
    const moved = (text: string) => text.replace(/(\/etc\/nginx\/mugharred|\/var\/log\/nginx|\/var\/lib\/mugharred)/g, `${root}$1`);
    for (const file of ['etc/nginx/sites-available/mugharred.conf', 'etc/nginx/mugharred/tls.conf']) await writeFile(join(root, file), moved(await read(file)));
    await mkdir(join(root, 'var/log/nginx'), { recursive: true });
    const main = join(root, 'nginx-test.conf');
    await writeFile(main, `pid ${root}/nginx.pid;\nerror_log ${root}/error.log;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  include ${root}/etc/nginx/sites-enabled/*.conf;\n}\n`);
    const res = await run(nginxBinary(), ['-t', '-p', root, '-c', main]).catch((err) => err);
    expect(res.stderr).toContain('test is successful');
  });

  it('with --acme, points nginx at certbot’s files and runs Debian’s certbot with the webroot plugin', async () => {
    const acmeRoot = await mkdtemp(join(tmpdir(), 'mugharred-root-'));
    const { stdout: out } = await install(acmeRoot, '--acme', '--email', 'ops@mugharred.test');
    const command = certbotCommand(DOMAIN, 'ops@mugharred.test');
    expect(out).toContain(`would run: ${command.join(' ')}`);
    expect(await readFile(join(acmeRoot, 'etc/nginx/mugharred/tls.conf'), 'utf8')).toContain(`ssl_certificate /etc/letsencrypt/live/${DOMAIN}/fullchain.pem;`);
    // certbot takes the command line and gets as far as the ACME directory (a closed port on loopback here).
    const dirs = await mkdtemp(join(tmpdir(), 'mugharred-certbot-'));
    const webroot = command.indexOf('--webroot-path') + 1;
    command[webroot] = join(acmeRoot, 'var/lib/mugharred/acme');
    const args = [...command.slice(1), '--server', `http://127.0.0.1:${await freePort()}/directory`, '--config-dir', dirs, '--work-dir', dirs, '--logs-dir', dirs];
    const res = await run('certbot', args, { timeout: 30_000 }).catch((err) => err);
    expect(`${res.stdout}${res.stderr}`).not.toMatch(/unrecognized arguments|usage:/);
    expect(`${res.stdout}${res.stderr}`).toMatch(/Connection refused|ConnectionError/);
  }, 40_000);

  it('refuses bad options, listing every problem at once', async () => {
    const res = await run(process.execPath, ['infra/server/install.mjs', '--domain', 'not a name', '--cert', 'x', '--gateways', '80'], { cwd: repo }).catch((err) => err);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--domain not a name is not a host name');
    expect(res.stderr).toContain('--cert and --key go together');
    expect(res.stderr).toContain('--gateways must be distinct ports');
  });
});
