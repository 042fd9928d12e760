// Starts Janus with Mugharred's configuration (the templates beside this file), as a foreground child.
// Plain JS without dependencies: `npm start`, the e2e tests and packages/voice's tests import it directly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const templateDir = fileURLToPath(new URL('.', import.meta.url));
const TEMPLATES = ['janus.jcfg', 'janus.transport.websockets.jcfg', 'janus.plugin.audiobridge.jcfg'];
// The allowlist: only these libraries are linked into the private plugin and transport folders.
const PLUGINS = ['libjanus_audiobridge.so'];
const TRANSPORTS = ['libjanus_websockets.so'];
// Janus's and the package's sample credentials: anyone who has read the docs knows them.
const WELL_KNOWN_SECRETS = new Set(['janusrocks', 'janusoverlord', 'supersecret', 'janus', 'adminpwd']);
const MIN_SECRET_LENGTH = 16;

/** The janus binary: JANUS_BIN, else Debian's path, else whatever PATH finds. */
export function janusBinary() {
  if (process.env.JANUS_BIN) return process.env.JANUS_BIN;
  return existsSync('/usr/bin/janus') ? '/usr/bin/janus' : 'janus';
}

/** Janus's library folder (holding plugins/ and transports/): JANUS_LIB_DIR, else the usual install places. */
export function janusLibDir() {
  if (process.env.JANUS_LIB_DIR) return process.env.JANUS_LIB_DIR;
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  const candidates = [`/usr/lib/${arch}-linux-gnu/janus`, '/usr/lib/janus', '/usr/local/lib/janus', '/opt/janus/lib/janus'];
  return candidates.find((dir) => existsSync(join(dir, 'plugins', PLUGINS[0]))) ?? null;
}

/** True when Janus and its AudioBridge plugin are installed (chat works without them; voice does not). */
export function janusInstalled() {
  return janusLibDir() !== null && (existsSync(janusBinary()) || janusBinary() === 'janus');
}

/**
 * startJanus's options from environment variables, so every launcher reads the same names:
 * JANUS_API_SECRET, JANUS_ADMIN_SECRET, JANUS_ADMIN_KEY (required, >= 16 characters), JANUS_WS_PORT (8188),
 * JANUS_ADMIN_PORT (7188), JANUS_WS_IP / JANUS_WS_ACL (127.0.0.1 / "127."), JANUS_INTERFACE,
 * JANUS_ICE_ENFORCE_LIST, JANUS_RTP_PORT_RANGE, JANUS_STUN_SERVER (host:port), JANUS_TURN_SERVER (host:port),
 * JANUS_TURN_TYPE (udp|tcp|tls), JANUS_TURN_USER, JANUS_TURN_PASSWORD.
 */
export function janusOptionsFromEnv(env = process.env) {
  const number = (name) => (env[name] ? Number(env[name]) : undefined);
  const turnServer = env.JANUS_TURN_SERVER ? splitHostPort(env.JANUS_TURN_SERVER, 3478) : null;
  return dropUndefined({
    apiSecret: env.JANUS_API_SECRET,
    adminSecret: env.JANUS_ADMIN_SECRET,
    adminKey: env.JANUS_ADMIN_KEY,
    wsPort: number('JANUS_WS_PORT'),
    adminPort: number('JANUS_ADMIN_PORT'),
    wsIp: env.JANUS_WS_IP,
    wsAcl: env.JANUS_WS_ACL,
    interface: env.JANUS_INTERFACE,
    iceEnforceList: env.JANUS_ICE_ENFORCE_LIST,
    rtpPortRange: env.JANUS_RTP_PORT_RANGE,
    stunServer: env.JANUS_STUN_SERVER,
    turn: turnServer && {
      server: turnServer.host,
      port: turnServer.port,
      type: env.JANUS_TURN_TYPE ?? 'udp',
      user: env.JANUS_TURN_USER,
      pwd: env.JANUS_TURN_PASSWORD,
    },
  });
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
 * - stunServer: 'host:port' [none]; turn: { server, port = 3478, type = 'udp', user, pwd } [none].
 * - rtpPortRange ['20000-20499']: UDP ports for media, one per participant.
 * - eventLoops [2], debugLevel [4, 0..7].
 * - stdio ['pipe']: 'pipe' keeps Janus's output in the log file only; 'prefix' also prints it as `[janus] ...`;
 *   'inherit' prints it as is; 'ignore' drops the child's stdout/stderr.
 * - timeoutMs [10000]: how long to wait for the transports.
 * - extraPlugins [[]]: more plugin libraries to load, e.g. ['libjanus_echotest.so']; only for tests that
 *   prove a member's token opens AudioBridge and nothing else. Never in a deployment.
 * Returns { wsUrl, adminUrl, pid, dir, logFile, logs(), stop() }.
 */
export async function startJanus(options) {
  const settings = withDefaults(options);
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
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
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
  };
}

function withDefaults(options = {}) {
  const s = {
    wsPort: 8188,
    adminPort: 7188,
    wsIp: '127.0.0.1',
    wsAcl: '127.',
    adminIp: '127.0.0.1',
    adminAcl: '127.',
    rtpPortRange: '20000-20499',
    eventLoops: 2,
    debugLevel: 4,
    stdio: 'pipe',
    timeoutMs: 10_000,
    ...dropUndefined(options),
  };
  const problems = [];
  for (const name of ['apiSecret', 'adminSecret', 'adminKey']) {
    const value = s[name];
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      problems.push(`${name} must be a string of at least ${MIN_SECRET_LENGTH} characters`);
    } else if (WELL_KNOWN_SECRETS.has(value)) problems.push(`${name} is a published sample value`);
  }
  if (new Set([s.apiSecret, s.adminSecret, s.adminKey]).size !== 3) problems.push('apiSecret, adminSecret and adminKey must differ');
  for (const name of ['wsPort', 'adminPort']) {
    if (!Number.isInteger(s[name]) || s[name] < 1 || s[name] > 65535) problems.push(`${name} must be a port number`);
  }
  if (!/^\d+-\d+$/.test(s.rtpPortRange)) problems.push('rtpPortRange must look like 20000-20499');
  if (s.stunServer !== undefined) splitHostPort(s.stunServer, 3478);
  if (s.turn && !['udp', 'tcp', 'tls'].includes(s.turn.type ?? 'udp')) problems.push('turn.type must be udp, tcp or tls');
  if (problems.length) throw new Error(`startJanus: ${problems.join('; ')}`);
  return s;
}

async function renderConfig(dir, libDir, s) {
  const folders = { PLUGINS_DIR: 'plugins', TRANSPORTS_DIR: 'transports', EVENTS_DIR: 'events', LOGGERS_DIR: 'loggers' };
  for (const name of Object.values(folders)) await mkdir(join(dir, name), { recursive: true });
  for (const [folder, libs] of [['plugins', PLUGINS], ['transports', TRANSPORTS]]) {
    for (const lib of folder === 'plugins' ? [...libs, ...(s.extraPlugins ?? [])] : libs) {
      const target = join(libDir, folder, lib);
      if (!existsSync(target)) throw new Error(`startJanus: ${target} is missing`);
      await rm(join(dir, folder, lib), { force: true });
      await symlink(target, join(dir, folder, lib));
    }
  }
  const stun = s.stunServer ? splitHostPort(s.stunServer, 3478) : null;
  const turn = s.turn ? { port: 3478, type: 'udp', ...dropUndefined(s.turn) } : null;
  const vars = {
    CONFIG_DIR: quote(dir),
    ...Object.fromEntries(Object.entries(folders).map(([key, name]) => [key, quote(join(dir, name))])),
    DEBUG_LEVEL: String(s.debugLevel),
    API_SECRET: quote(s.apiSecret),
    ADMIN_SECRET: quote(s.adminSecret),
    ADMIN_KEY: quote(s.adminKey),
    EVENT_LOOPS: String(s.eventLoops),
    INTERFACE_SETTING: setting('interface', s.interface),
    ICE_ENFORCE_SETTING: setting('ice_enforce_list', s.iceEnforceList),
    RTP_PORT_RANGE: quote(s.rtpPortRange),
    PLAIN_RTP_PORT_RANGE: quote(s.plainRtpPortRange ?? plainRange(s.rtpPortRange)),
    STUN_SETTINGS: stun ? `${setting('stun_server', stun.host)}\n\tstun_port = ${stun.port}` : '\t# no STUN server',
    TURN_SETTINGS: turn
      ? [
          setting('turn_server', turn.server),
          `\tturn_port = ${Number(turn.port)}`,
          setting('turn_type', turn.type),
          setting('turn_user', turn.user),
          setting('turn_pwd', turn.pwd),
        ]
          .filter((line) => !line.includes('# no '))
          .join('\n')
      : '\t# no TURN server',
    WS_PORT: String(s.wsPort),
    WS_IP: quote(s.wsIp),
    WS_ACL: quote(s.wsAcl),
    ADMIN_PORT: String(s.adminPort),
    ADMIN_IP: quote(s.adminIp),
    ADMIN_ACL: quote(s.adminAcl),
  };
  for (const name of TEMPLATES) {
    const template = await readFile(join(templateDir, name), 'utf8');
    await writeFile(join(dir, name), renderTemplate(template, vars), { mode: 0o600 });
  }
}

/** Fills `${NAME}` placeholders; a name without a value is an error. Values are already libconfig-safe. */
export function renderTemplate(template, vars) {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name) => {
    if (!(name in vars)) throw new Error(`janus template: no value for \${${name}}`);
    return vars[name];
  });
}

/** A libconfig string's inside (the template supplies the quotes). */
function quote(value) {
  const text = String(value);
  if (/[\u0000-\u001f]/.test(text)) throw new Error('startJanus: a setting contains a control character');
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

const setting = (name, value) => (value === undefined || value === '' ? `\t# no ${name}` : `\t${name} = "${quote(value)}"`);

// AudioBridge's plain-RTP range (unused: no room allows plain RTP) sits right after the WebRTC range.
function plainRange(range) {
  const end = Number(range.split('-')[1]);
  return `${end + 1}-${end + 10}`;
}

function splitHostPort(value, defaultPort) {
  const match = /^([^:\s]+)(?::(\d+))?$/.exec(value);
  if (!match) throw new Error(`startJanus: "${value}" is not host[:port]`);
  return { host: match[1], port: Number(match[2] ?? defaultPort) };
}

const dropUndefined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
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
