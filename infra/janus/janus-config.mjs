// Mugharred's Janus configuration: settings (with defaults and checks), environment names, and rendering
// of the templates beside this file. Plain JS without dependencies, like start-janus.mjs.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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

/** Janus's library folder (holding plugins/ and transports/): JANUS_LIB_DIR, else the usual install places. */
export function janusLibDir() {
  if (process.env.JANUS_LIB_DIR) return process.env.JANUS_LIB_DIR;
  const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  const candidates = [`/usr/lib/${arch}-linux-gnu/janus`, '/usr/lib/janus', '/usr/local/lib/janus', '/opt/janus/lib/janus'];
  return candidates.find((dir) => existsSync(join(dir, 'plugins', PLUGINS[0]))) ?? null;
}

/**
 * startJanus's options from environment variables, so every launcher reads the same names:
 * JANUS_API_SECRET, JANUS_ADMIN_SECRET, JANUS_ADMIN_KEY (required, >= 16 characters), JANUS_WS_PORT (8188),
 * JANUS_ADMIN_PORT (7188), JANUS_WS_IP / JANUS_WS_ACL (127.0.0.1 / "127."), JANUS_ADMIN_IP / JANUS_ADMIN_ACL
 * (127.0.0.1 / "127."; a container opens them to its private network only), JANUS_INTERFACE,
 * JANUS_ICE_ENFORCE_LIST, JANUS_NAT_1_1, JANUS_RTP_PORT_RANGE, JANUS_STUN_SERVER (host:port),
 * JANUS_TURN_SERVER (host:port), JANUS_TURN_TYPE (udp|tcp|tls), JANUS_TURN_USER, JANUS_TURN_PASSWORD.
 */
export function janusOptionsFromEnv(env = process.env) {
  // An empty variable (as in a copied janus.env.example) means unset.
  const text = (name) => env[name] || undefined;
  const number = (name) => (env[name] ? Number(env[name]) : undefined);
  const turnServer = env.JANUS_TURN_SERVER ? splitHostPort(env.JANUS_TURN_SERVER, 3478) : null;
  return dropUndefined({
    apiSecret: text('JANUS_API_SECRET'),
    adminSecret: text('JANUS_ADMIN_SECRET'),
    adminKey: text('JANUS_ADMIN_KEY'),
    wsPort: number('JANUS_WS_PORT'),
    adminPort: number('JANUS_ADMIN_PORT'),
    wsIp: text('JANUS_WS_IP'),
    wsAcl: text('JANUS_WS_ACL'),
    adminIp: text('JANUS_ADMIN_IP'),
    adminAcl: text('JANUS_ADMIN_ACL'),
    interface: text('JANUS_INTERFACE'),
    iceEnforceList: text('JANUS_ICE_ENFORCE_LIST'),
    nat11: text('JANUS_NAT_1_1'),
    rtpPortRange: text('JANUS_RTP_PORT_RANGE'),
    stunServer: text('JANUS_STUN_SERVER'),
    turn: turnServer
      ? {
          server: turnServer.host,
          port: turnServer.port,
          type: text('JANUS_TURN_TYPE') ?? 'udp',
          user: text('JANUS_TURN_USER'),
          pwd: text('JANUS_TURN_PASSWORD'),
        }
      : undefined,
  });
}

/** startJanus's options with their defaults, checked: throws one error listing every problem. */
export function janusSettings(options = {}) {
  const s = {
    wsPort: 8188,
    adminPort: 7188,
    wsIp: '127.0.0.1',
    wsAcl: '127.',
    adminIp: '127.0.0.1',
    adminAcl: '127.',
    rtpPortRange: '20000-20499',
    eventLoops: 2,
    sessionTimeout: 60,
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
  if (!Number.isInteger(s.sessionTimeout) || s.sessionTimeout < 1) problems.push('sessionTimeout must be a whole number of seconds');
  if (!/^\d+-\d+$/.test(s.rtpPortRange)) problems.push('rtpPortRange must look like 20000-20499');
  if (s.stunServer !== undefined) splitHostPort(s.stunServer, 3478);
  if (s.turn && !['udp', 'tcp', 'tls'].includes(s.turn.type ?? 'udp')) problems.push('turn.type must be udp, tcp or tls');
  if (problems.length) throw new Error(`startJanus: ${problems.join('; ')}`);
  return s;
}

/**
 * Writes the rendered templates into `dir`, plus private plugin and transport folders that link only the
 * allowed libraries from Janus's `libDir`.
 */
export async function renderConfig(dir, libDir, s) {
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
    SESSION_TIMEOUT: String(s.sessionTimeout),
    INTERFACE_SETTING: setting('interface', s.interface),
    ICE_ENFORCE_SETTING: setting('ice_enforce_list', s.iceEnforceList),
    NAT_MAPPING_SETTING: setting('nat_1_1_mapping', s.nat11),
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
function renderTemplate(template, vars) {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name) => {
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
