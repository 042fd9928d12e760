// /etc/mugharred/env: one file every unit reads. Secrets are generated on the first install and kept after;
// settings that follow from the installer's options are rewritten; lines the operator added are kept.
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { MEDIA_PORTS, PORTS } from './layout.mjs';

export const SECRET_KEYS = ['JWT_SECRET', 'JANUS_API_SECRET', 'JANUS_ADMIN_SECRET', 'JANUS_ADMIN_KEY', 'VOICE_TURN_SECRET'];
const DEFAULTS = { LOG_LEVEL: 'info', VOICE_TURN_TTL_SECONDS: '10800' };

/** The settings an install with these options decides (re-installing with other options changes them). */
function derivedSettings(o) {
  const turn = `${o.domain}:${PORTS.turn}`;
  return {
    REDIS_URL: `redis://127.0.0.1:${PORTS.redis}`,
    ALLOWED_ORIGINS: `https://${o.domain}`,
    TRUST_PROXY: 'true',
    JANUS_API_URL: `ws://127.0.0.1:${PORTS.janus}`,
    JANUS_ADMIN_URL: `ws://127.0.0.1:${PORTS.janusAdmin}`,
    JANUS_WS_PORT: String(PORTS.janus),
    JANUS_ADMIN_PORT: String(PORTS.janusAdmin),
    JANUS_RTP_PORT_RANGE: MEDIA_PORTS.janusRtp,
    ...(o.publicIp ? { JANUS_NAT_1_1: o.publicIp } : {}),
    VOICE_STUN_URLS: `stun:${turn}`,
    VOICE_TURN_URLS: `turn:${turn}?transport=udp,turn:${turn}?transport=tcp`,
  };
}

export function parseEnv(text) {
  const entries = new Map();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) entries.set(m[1], m[2]);
  }
  return entries;
}

/**
 * Writes the env file (mode 0600) and returns its settings and the names of the secrets it generated now.
 * Secret values never leave this function other than into the file and the returned map.
 */
export async function writeEnvFile(file, options) {
  const old = parseEnv(await readFile(file, 'utf8').catch(() => ''));
  const derived = derivedSettings(options);
  const generated = [];
  const secrets = Object.fromEntries(
    SECRET_KEYS.map((key) => {
      if (old.get(key)) return [key, old.get(key)];
      generated.push(key);
      return [key, randomBytes(32).toString('base64url')];
    }),
  );
  const kept = [...old].filter(([key]) => !(key in derived) && !SECRET_KEYS.includes(key));
  const settings = new Map([...Object.entries(DEFAULTS), ...kept, ...Object.entries(derived), ...Object.entries(secrets)]);
  const line = (key) => `${key}=${settings.get(key)}`;
  const own = [...settings.keys()].filter((k) => !(k in derived) && !SECRET_KEYS.includes(k));
  const text = [
    '# Mugharred on this server: read by every mugharred-* unit. Mode 0600, root only.',
    `# Written by infra/server/install.mjs for ${options.domain}; re-running it keeps the secrets and your own settings.`,
    '',
    '# Follows from the installer options (rewritten on each install):',
    ...Object.keys(derived).map(line),
    '',
    '# Generated on the first install, kept after (rotate one by deleting its line and re-installing):',
    ...SECRET_KEYS.map(line),
    '',
    '# Your settings (kept): every variable of apps/*/.env.example and infra/janus/janus.env.example may go here.',
    ...own.map(line),
    '',
  ].join('\n');
  await writeFile(file, text, { mode: 0o600 });
  await chmod(file, 0o600);
  return { settings, generated };
}
