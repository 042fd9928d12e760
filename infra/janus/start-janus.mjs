// Starts Janus with Mugharred's configuration (janus-config.mjs and the templates beside it) as a foreground
// child. Plain JS without dependencies: `npm start`, the e2e tests and packages/voice's tests import it directly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { janusLibDir, janusSettings, renderConfig } from './janus-config.mjs';

export { janusOptionsFromEnv, janusSettings } from './janus-config.mjs';

/** The janus binary: JANUS_BIN, else Debian's path, else whatever PATH finds. */
function janusBinary() {
  if (process.env.JANUS_BIN) return process.env.JANUS_BIN;
  return existsSync('/usr/bin/janus') ? '/usr/bin/janus' : 'janus';
}

/** True when Janus's AudioBridge plugin is installed (chat works without it; voice does not). */
export function janusInstalled() {
  return janusLibDir() !== null;
}

/**
 * Renders the templates into `dir` (default: a fresh temp dir, removed by stop()) and runs
 * `janus -F <dir> -C <dir>/janus.jcfg -L <dir>/janus.log` in the foreground. Resolves once both WebSocket
 * servers (Janus API and Admin API) accept connections.
 *
 * Options (defaults in brackets):
 * - apiSecret, adminSecret, adminKey: required, >= 16 characters, never Janus's sample values.
 * - wsPort [8188], wsIp ['127.0.0.1'], wsAcl ['127.']: the Janus API, for browsers through the edge.
 * - adminPort [7188], adminIp ['127.0.0.1'], adminAcl ['127.']: the Admin API, for the backend only.
 * - interface: the address written into SDPs [Janus picks]; iceEnforceList: where ICE gathers [all].
 * - stunServer: 'host:port' [none]; turn: { server, port = 3478, type = 'udp', user, pwd } [none];
 *   nat11: the public IP of a 1:1 NAT [none].
 * - rtpPortRange ['20000-20499']: UDP ports for media, one per participant.
 * - eventLoops [2], debugLevel [4, 0..7], sessionTimeout [60 s; tests use less to see sessions expire].
 * - stdio ['pipe']: 'pipe' keeps Janus's output in the log file only; 'prefix' also prints it as `[janus] ...`;
 *   'inherit' prints it as is; 'ignore' drops the child's stdout/stderr.
 * - timeoutMs [10000]: how long to wait for the transports.
 * - extraPlugins [[]]: more plugin libraries to load, e.g. ['libjanus_echotest.so']; only for tests that
 *   prove a member's token opens AudioBridge and nothing else. Never in a deployment.
 * Returns { wsUrl, adminUrl, pid, dir, logFile, logs(), stop() }.
 */
export async function startJanus(options) {
  const settings = janusSettings(options);
  for (const [ip, port] of [[settings.wsIp, settings.wsPort], [settings.adminIp, settings.adminPort]]) {
    if (await accepts(ip, port)) throw new Error(`startJanus: port ${port} is already in use`);
  }
  const libDir = settings.libDir ?? janusLibDir();
  if (!libDir) throw new Error('startJanus: Janus is not installed (apt-get install janus), or set JANUS_LIB_DIR');

  const ownDir = !settings.dir;
  const dir = settings.dir ?? (await mkdtemp(join(tmpdir(), 'mugharred-janus-')));
  await renderConfig(dir, libDir, settings);
  const logFile = join(dir, 'janus.log');
  const quiet = settings.stdio === 'pipe' || settings.stdio === 'ignore';
  const args = ['-F', dir, '-C', join(dir, 'janus.jcfg'), '-L', logFile, ...(quiet ? ['-N'] : [])];
  const child = spawn(settings.janusBin ?? janusBinary(), args, {
    stdio: ['ignore', settings.stdio === 'inherit' ? 'inherit' : 'pipe', settings.stdio === 'inherit' ? 'inherit' : 'pipe'],
  });
  let output = '';
  const onData = (data) => {
    const text = data.toString();
    output += text;
    if (settings.stdio === 'prefix') for (const line of text.split('\n')) if (line) process.stdout.write(`[janus] ${line}\n`);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(new Error(`could not run janus (${err.message}); install it: apt-get install janus`)));
  });

  const logs = () => readFile(logFile, 'utf8').catch(() => '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // Janus 1.1.2 can deadlock when SIGTERM lands while it is logging (its handler logs too), which
      // happens when it is stopped right after start: a normal stop takes ~0.1-0.3 s.
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + settings.timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await logs();
      await stop();
      throw new Error(`janus exited with ${child.exitCode ?? child.signalCode}\n${output}${log}`);
    }
    const [api, admin] = await Promise.all([
      upgrades(settings.wsIp, settings.wsPort, 'janus-protocol'),
      upgrades(settings.adminIp, settings.adminPort, 'janus-admin-protocol'),
    ]);
    if (api && admin) break;
    if (Date.now() > deadline) {
      const log = await logs();
      await stop();
      throw new Error(`janus did not open ports ${settings.wsPort}/${settings.adminPort}\n${output}${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    wsUrl: `ws://${urlHost(settings.wsIp)}:${settings.wsPort}`,
    adminUrl: `ws://${urlHost(settings.adminIp)}:${settings.adminPort}`,
    pid: child.pid,
    dir,
    logFile,
    logs,
    stop,
    name: 'janus',
    child,
    /** Starts Janus again with the same options (npm start's supervisor). */
    respawn: () => startJanus(options),
  };
}

const urlHost = (ip) => (ip === '0.0.0.0' ? '127.0.0.1' : ip);

function accepts(host, port) {
  return new Promise((resolve) => {
    const sock = createConnection({ host: urlHost(host), port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(300, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => done(true));
  });
}

/** True when a WebSocket upgrade with this subprotocol is accepted (101); plain TCP, no client library. */
function upgrades(host, port, protocol) {
  return new Promise((resolve) => {
    const sock = createConnection({ host: urlHost(host), port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () =>
      sock.write(
        `GET / HTTP/1.1\r\nHost: ${urlHost(host)}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: bXVnaGFycmVkLXByb2JlIQ==\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
      ),
    );
    sock.once('data', (d) => done(d.toString().startsWith('HTTP/1.1 101')));
  });
}
