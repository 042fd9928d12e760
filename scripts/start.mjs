#!/usr/bin/env node
// `npm start`: the whole stack on this machine; `npm start -- roll` (or `npm run roll`): ask the running one to
// restart its gateway replicas one at a time. See README.md ("Run it").
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ensureSystemPackages, say } from './lib/bootstrap.mjs';
import { redisAnswers, startPrivateRedis } from './lib/redis.mjs';
import { DEFAULT_PORTS, repoRoot, startBackend } from './lib/services.mjs';
import { Supervisor } from './lib/supervisor.mjs';
import { startEdge } from './lib/edge.mjs';
import { janusInstalled, janusOptionsFromEnv, startJanus } from '../infra/janus/start-janus.mjs';

const env = process.env;
const port = (name, fallback) => Number(env[name] ?? fallback);
/** Where a running `npm start` (one per edge port) leaves its pid, for `npm start -- roll`. */
const pidFile = join(tmpdir(), `mugharred-start-${port('EDGE_PORT', 3010)}.pid`);
/** The signal that makes a running `npm start` roll its gateways (SIGHUP would roll when a terminal closes). */
const ROLL_SIGNAL = 'SIGUSR2';

if (process.argv[2] === 'roll') {
  let pid;
  try {
    pid = Number(readFileSync(pidFile, 'utf8'));
    process.kill(pid, ROLL_SIGNAL);
  } catch {
    say(`no running npm start found (${pidFile}); start it first`);
    process.exit(1);
  }
  say(`asked npm start (pid ${pid}) to roll its gateway replicas; its output shows each one as it comes back`);
  process.exit(0);
}

ensureBuilt();

let redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let privateRedis = null;
if (env.REDIS_CLUSTER_NODES) {
  // Every service inherits it, and it wins over REDIS_URL.
  say(`using the Redis Cluster at ${env.REDIS_CLUSTER_NODES}`);
} else if (await redisAnswers(redisUrl)) {
  say(`using Redis at ${redisUrl}`);
} else {
  ensureSystemPackages({ 'redis-server': 'redis-server' }, `a private Redis (none answers at ${redisUrl})`);
  privateRedis = await startPrivateRedis();
  redisUrl = privateRedis.url;
  say(`no Redis answered; started a private one at ${redisUrl} (stopped on exit, keeps nothing)`);
}

let jwtSecret = env.JWT_SECRET;
if (!jwtSecret) {
  jwtSecret = randomBytes(32).toString('base64url');
  say('JWT_SECRET is unset: generated one for this run (tokens stop working when you restart)');
}

/**
 * Janus for voice when it is installed, with its three credentials from the environment or generated for this
 * run (Janus keeps nothing anyway). Returns the services' JANUS_* env; voice stays off (chat unaffected) otherwise.
 */
async function startVoice() {
  if (!janusInstalled()) {
    say('Janus is not installed: voice is off, chat works as usual (apt-get install janus turns it on)');
    return { janus: null, voiceEnv: {} };
  }
  const secret = (name) => env[name] || randomBytes(24).toString('base64url');
  const secrets = { JANUS_API_SECRET: secret('JANUS_API_SECRET'), JANUS_ADMIN_SECRET: secret('JANUS_ADMIN_SECRET'), JANUS_ADMIN_KEY: secret('JANUS_ADMIN_KEY') };
  try {
    const janus = await startJanus({ ...janusOptionsFromEnv({ ...env, ...secrets }), stdio: 'pipe' });
    return { janus, voiceEnv: { ...secrets, JANUS_API_URL: janus.wsUrl, JANUS_ADMIN_URL: janus.adminUrl } };
  } catch (err) {
    say(`Janus did not start, so voice is off (chat works as usual): ${err instanceof Error ? err.message.split('\n')[0] : err}`);
    return { janus: null, voiceEnv: {} };
  }
}

const ports = {
  auth: port('AUTH_PORT', DEFAULT_PORTS.auth),
  rooms: port('ROOMS_PORT', DEFAULT_PORTS.rooms),
  gateways: (env.GATEWAY_PORTS ?? DEFAULT_PORTS.gateways.join(',')).split(',').map(Number),
  worker: port('WORKER_PORT', DEFAULT_PORTS.worker),
};
/**
 * The origins a browser may open the app at: the edge's port on every loopback name, and Vite's dev server.
 * ALLOWED_ORIGINS, when set, replaces them (a real domain).
 */
const edgeOrigins = (edgePort) =>
  [`http://localhost:${edgePort}`, `http://127.0.0.1:${edgePort}`, `http://[::1]:${edgePort}`, 'http://localhost:5173', 'http://127.0.0.1:5173'].join(',');
const stoppers = [];
const stopAll = async () => {
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  if (privateRedis) await privateRedis.stop();
};

try {
  const { janus, voiceEnv } = await startVoice();
  if (janus) stoppers.push(janus.stop);
  const backend = await startBackend({
    redisUrl,
    jwtSecret,
    ports,
    env: { TRUST_PROXY: 'true', ...voiceEnv },
    envFor: { gateway: { ALLOWED_ORIGINS: env.ALLOWED_ORIGINS ?? edgeOrigins(port('EDGE_PORT', 3010)) } },
  });
  // From here on the supervisor owns every process (a restarted one is a new handle) and stops them all.
  const supervisor = new Supervisor([...(janus ? [janus] : []), ...backend.services], { say });
  stoppers.splice(0, stoppers.length, () => supervisor.stop());
  process.on(ROLL_SIGNAL, () => supervisor.roll().catch(() => undefined));
  writeFileSync(pidFile, String(process.pid));
  stoppers.push(async () => rmSync(pidFile, { force: true }));
  const lines = [
    `auth-api   ${backend.urls.auth}`,
    `rooms-api  ${backend.urls.rooms}`,
    ...backend.urls.gateways.map((u, i) => `gateway-${i + 1}  ${u.replace('http', 'ws')}/ws`),
    `worker     ${backend.urls.worker}/health`,
    ...(janus ? [`janus      ${janus.wsUrl} (voice; admin ${janus.adminUrl}, never public; log ${janus.logFile})`] : []),
  ];
  let appUrl = null;
  const webRoot = join(repoRoot, 'apps/web/dist');
  if (existsSync(join(webRoot, 'index.html'))) {
    ensureSystemPackages({ '/usr/sbin/nginx': 'nginx' }, 'the web edge on :3010');
    const edge = await startEdge({
      port: port('EDGE_PORT', 3010),
      authUrl: backend.urls.auth,
      roomsUrl: backend.urls.rooms,
      gatewayUrls: backend.urls.gateways,
      workerUrl: backend.urls.worker,
      ...(janus ? { janusUrl: janus.wsUrl } : {}),
      webRoot,
    });
    supervisor.add(edge);
    lines.unshift(`app        ${edge.url}`);
    appUrl = edge.url;
  }
  say(`Mugharred is running (Ctrl-C stops everything; a process that dies is restarted; \`npm run roll\` restarts the gateways one at a time):\n    ${lines.join('\n    ')}`);
  say(appUrl ? `ready: open ${appUrl}` : 'ready (no web app was built, so only the APIs run)');
} catch (err) {
  say(`start failed: ${err instanceof Error ? err.message : err}`);
  await stopAll();
  process.exit(1);
}

// The terminal or pipe this prints to may be gone before the stop is done (a closed window, a parent that stopped
// reading): a write then fails with EPIPE, and the process must still stop what it started, nginx included (it
// runs in its own process group, so nothing else stops it).
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    stopAll().then(() => process.exit(0));
  });
}
