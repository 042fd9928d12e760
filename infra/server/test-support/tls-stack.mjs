// The whole product behind the production edge (TLS from a private CA, the HTTP redirect server, HSTS) under a
// real host name, on free loopback ports, with coturn and (when installed) Janus: what a server install runs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startPrivateRedis } from '../../../scripts/lib/redis.mjs';
import { startBackend } from '../../../scripts/lib/services.mjs';
import { nginxBinary, renderTemplate, workerUserDirective } from '../../../scripts/lib/edge.mjs';
import { janusInstalled, startJanus } from '../../janus/start-janus.mjs';
import { renderEdgeSite } from '../lib/edge-site.mjs';
import { makePrivateCa } from './private-ca.mjs';
import { startTurnServer } from './start-turn.mjs';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const secret = () => randomBytes(24).toString('base64url');

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(socket.end() && true));
    socket.on('error', () => resolve(false));
  });

/** nginx with the production site (renderEdgeSite) in a temp dir, as a foreground child. */
async function startTlsEdge({ hostName, httpsPort, httpPort, ca, upstreams }) {
  const dir = await mkdtemp(join(tmpdir(), 'mugharred-tls-edge-'));
  // Started as root, nginx runs its workers as an unprivileged user: they must reach the ACME webroot.
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'tmp'));
  await mkdir(join(dir, 'acme/.well-known/acme-challenge'), { recursive: true });
  await copyFile(join(repoRoot, 'infra/nginx/mime.types'), join(dir, 'mime.types'));
  const files = await renderEdgeSite({
    serverName: hostName,
    publicHost: `${hostName}:${httpsPort}`,
    httpsListen: [`127.0.0.1:${httpsPort}`],
    httpListen: [`127.0.0.1:${httpPort}`],
    certFile: ca.certFile,
    keyFile: ca.keyFile,
    confDir: dir,
    webRoot: join(repoRoot, 'apps/web/dist'),
    acmeRoot: join(dir, 'acme'),
    accessLog: join(dir, 'access.log'),
    upstreams,
  });
  await writeFile(join(dir, 'mugharred.conf'), files['site.conf']);
  await writeFile(join(dir, 'tls.conf'), files['tls.conf']);
  await writeFile(join(dir, 'security-headers.conf'), files['security-headers.conf']);
  const main = await readFile(join(repoRoot, 'infra/nginx/nginx.conf.template'), 'utf8');
  const vars = { LOAD_MODULES: '', WORKER_USER: workerUserDirective(join(repoRoot, 'apps/web/dist')), RUN_DIR: dir, CONF_DIR: dir, BROTLI_INCLUDE: '' };
  await writeFile(join(dir, 'nginx.conf'), renderTemplate(main, vars));
  const child = spawn(nginxBinary(), ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 10_000; !(await accepts(httpsPort)); await new Promise((r) => setTimeout(r, 50))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the TLS edge did not start\n${output}`);
    }
  }
  return { dir, acmeDir: join(dir, 'acme'), stop };
}

/**
 * Starts it all. `mediaIp` is the address Janus gathers ICE on (127.0.0.2 inside the voice namespace); without
 * it Janus still answers (grants, /janus) but offers no media. Resolves with the origin, the CA and the ports.
 */
export async function startTlsStack({ hostName = 'chat.mugharred.test', mediaIp } = {}) {
  const stoppers = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  try {
    const ca = await makePrivateCa(hostName);
    stoppers.push(() => rm(ca.dir, { recursive: true, force: true }));
    const redis = await startPrivateRedis();
    stoppers.push(() => redis.stop());
    const turnSecret = secret();
    const turn = await startTurnServer({ secret: turnSecret, realm: hostName, port: await freePort(), ...(mediaIp ? { relayIps: [mediaIp], allowedPeerIps: [mediaIp] } : {}) });
    stoppers.push(() => turn.stop());
    const janusOptions = { apiSecret: secret(), adminSecret: secret(), adminKey: secret(), wsPort: await freePort(), adminPort: await freePort(), stdio: 'pipe', ...(mediaIp ? { interface: mediaIp, iceEnforceList: mediaIp } : {}) };
    const janus = janusInstalled() ? await startJanus(janusOptions) : null;
    if (janus) stoppers.push(() => janus.stop());
    const httpsPort = await freePort();
    const httpPort = await freePort();
    const origin = `https://${hostName}:${httpsPort}`;
    const ports = { auth: await freePort(), rooms: await freePort(), gateways: [await freePort(), await freePort()], worker: await freePort() };
    const backend = await startBackend({
      redisUrl: redis.url,
      ports,
      env: {
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'true',
        // By address: Chromium's WebRTC resolves STUN/TURN names itself, past --host-resolver-rules and /etc/hosts
        // (seen: error 701 "TURN host lookup received error" for chat.mugharred.test, fine for 127.0.0.1).
        VOICE_STUN_URLS: `stun:127.0.0.1:${turn.port}`,
        VOICE_TURN_URLS: `turn:127.0.0.1:${turn.port}?transport=udp`,
        VOICE_TURN_SECRET: turnSecret,
        ...(janus
          ? { JANUS_API_SECRET: janusOptions.apiSecret, JANUS_ADMIN_SECRET: janusOptions.adminSecret, JANUS_ADMIN_KEY: janusOptions.adminKey, JANUS_API_URL: janus.wsUrl, JANUS_ADMIN_URL: janus.adminUrl }
          : {}),
      },
      envFor: { gateway: { ALLOWED_ORIGINS: origin } },
      stdio: 'pipe',
    });
    stoppers.push(() => backend.stop());
    const hostPort = (url) => new URL(url).host;
    const edge = await startTlsEdge({
      hostName,
      httpsPort,
      httpPort,
      ca,
      upstreams: {
        auth: hostPort(backend.urls.auth),
        rooms: hostPort(backend.urls.rooms),
        janus: janus ? hostPort(janus.wsUrl) : `127.0.0.1:${await freePort()}`,
        gateways: backend.urls.gateways.map(hostPort),
      },
    });
    stoppers.push(() => edge.stop());
    return { origin, httpUrl: `http://${hostName}:${httpPort}`, hostName, ca, backend, voice: Boolean(janus), acmeDir: edge.acmeDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
