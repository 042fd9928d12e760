#!/usr/bin/env node
// The README's first command, tried as a newcomer would: `npm start` in this checkout, then the page and a login
// through the edge it names, then Ctrl-C, after which nothing it started may still listen. Ports are moved off the defaults and Redis points at a port where
// nothing answers, so the run starts its own private Redis and touches nothing else on the machine.
// The services must run on the Node.js that runs this script (`.ci/run` tries 22 and 24 too): a gateway's
// `nodejs_version_info` metric says which one they run on.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

const edgePort = 3910;
const env = {
  ...process.env,
  EDGE_PORT: String(edgePort),
  AUTH_PORT: '3911',
  ROOMS_PORT: '3912',
  GATEWAY_PORTS: '3920,3921',
  WORKER_PORT: '3930',
  JANUS_WS_PORT: '3988',
  JANUS_ADMIN_PORT: '3989',
  REDIS_URL: 'redis://127.0.0.1:3979',
};

const fail = (msg) => {
  process.stderr.write(`smoke-start: ${msg}\n`);
  process.exitCode = 1;
};

const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
const exited = new Promise((resolve) => child.once('exit', resolve));
let output = '';
const ready = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no "ready: open <url>" line within 180 s')), 180_000);
  child.stdout.on('data', (d) => {
    process.stdout.write(d);
    output += d.toString();
    const url = output.match(/ready: open (\S+)/)?.[1];
    if (url) {
      clearTimeout(timer);
      resolve(url);
    }
  });
  child.once('exit', (code) => reject(new Error(`npm start exited early (${code})`)));
});

try {
  const url = await ready;
  if (new URL(url).port !== String(edgePort)) throw new Error(`npm start named ${url}, not the edge on ${edgePort}`);
  const page = await fetch(url);
  const html = await page.text();
  if (page.status !== 200 || !html.includes('<div id="root">')) throw new Error(`the page answered ${page.status}`);
  const login = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Smoke' }),
  });
  if (login.status !== 200) throw new Error(`login through the edge answered ${login.status}`);
  process.stdout.write(`smoke-start: ${url} served the app and a login\n`);
  const metrics = await (await fetch('http://127.0.0.1:3920/metrics')).text();
  const runsOn = metrics.match(/^nodejs_version_info\{version="([^"]+)"/m)?.[1];
  if (runsOn !== process.version) throw new Error(`a gateway runs on Node ${runsOn ?? '(unknown)'}, not ${process.version}`);
  process.stdout.write(`smoke-start: the services run on Node ${runsOn}\n`);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
} finally {
  await stopLikeCtrlC();
}

/**
 * Ctrl-C in a terminal sends SIGINT to the whole foreground process group (npm, the shell, start.mjs, the services).
 * Then everything npm start began must stop: its output ends (start.mjs exited) and no port of its answers.
 */
async function stopLikeCtrlC() {
  const closed = new Promise((resolve) => child.stdout.once('close', resolve));
  const forced = setTimeout(() => {
    fail('npm start did not stop within 60 s of Ctrl-C');
    process.kill(-child.pid, 'SIGKILL');
  }, 60_000);
  try {
    process.kill(-child.pid, 'SIGINT');
  } catch {
    // The group is gone already.
  }
  await Promise.all([exited, closed]);
  clearTimeout(forced);
  if (!output.includes('stopping...')) fail('npm start did not say it was stopping');
  const ports = [edgePort, 3911, 3912, 3920, 3921, 3930, 3988];
  const answering = [];
  for (const p of ports) if (await answers(p)) answering.push(p);
  if (answering.length) fail(`after Ctrl-C something still listens on ${answering.join(', ')}`);
  else process.stdout.write(`smoke-start: Ctrl-C stopped everything (${ports.join(', ')} closed)\n`);
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
