// The systemd units of a server install, rendered from the templates in ../systemd.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTemplate } from '../../../scripts/lib/edge.mjs';
import { NODE_FLAGS } from '../../../scripts/lib/services.mjs';
import { PATHS, PORTS } from './layout.mjs';

const systemdDir = fileURLToPath(new URL('../systemd/', import.meta.url));
const read = (name) => readFile(join(systemdDir, name), 'utf8');

/** The Node services: unit name -> what the template needs. The gateway is a template unit (`@`, port = %i). */
const NODE_SERVICES = [
  { unit: 'mugharred-auth-api.service', description: 'auth-api (logins, token refresh)', entry: 'apps/auth-api/dist/main.js', env: `PORT=${PORTS.auth} HOST=127.0.0.1`, stop: 30 },
  { unit: 'mugharred-rooms-api.service', description: 'rooms-api (rooms, host controls, voice passes)', entry: 'apps/rooms-api/dist/main.js', env: `PORT=${PORTS.rooms} HOST=127.0.0.1`, stop: 30 },
  // A gateway drains its sockets on SIGTERM (clients move to the other replicas) before it exits.
  { unit: 'mugharred-gateway@.service', description: 'gateway replica on port %i', entry: 'apps/gateway/dist/main.js', env: 'PORT=%i HOST=127.0.0.1 REPLICA_ID=gateway-%i', stop: 60, identifier: 'mugharred-gateway-%i' },
  { unit: 'mugharred-worker.service', description: 'worker (room expiry, sweeps)', entry: 'apps/worker/dist/main.js', env: `PORT=${PORTS.worker} HOST=127.0.0.1`, stop: 30 },
  { unit: 'mugharred-janus.service', description: 'Janus (voice; Admin API on loopback only)', entry: 'infra/janus/run-janus.mjs', env: 'JANUS_WS_IP=127.0.0.1 JANUS_WS_ACL=127.', stop: 10 },
];

/**
 * Every unit file, by name. `node`, `redisServer` and `turnserver` are absolute paths of the binaries on the
 * host; `appDir` is the checkout the services run from.
 */
export async function renderUnits({ node, appDir, redisServer, turnserver }) {
  const hardening = (await read('hardening.conf')).trimEnd();
  const nodeTemplate = await read('node-service.template');
  const units = {};
  for (const s of NODE_SERVICES) {
    units[s.unit] = renderTemplate(nodeTemplate, {
      DESCRIPTION: s.description,
      NODE: node,
      NODE_FLAGS: NODE_FLAGS.join(' '),
      APP_DIR: appDir,
      ENTRY: s.entry,
      ENV_FILE: PATHS.envFile,
      ENVIRONMENT: s.env,
      UNIT: s.unit.replace('@.service', '@<port>'),
      IDENTIFIER: s.identifier ?? s.unit.replace('.service', ''),
      STOP_TIMEOUT: `${s.stop}s`,
      HARDENING: hardening,
    });
  }
  units['mugharred-redis.service'] = renderTemplate(await read('mugharred-redis.service.template'), {
    REDIS_SERVER: redisServer,
    REDIS_CONF: PATHS.redisConf,
    HARDENING: hardening,
  });
  units['mugharred-turn.service'] = renderTemplate(await read('mugharred-turn.service.template'), {
    TURNSERVER: turnserver,
    TURN_CONF: PATHS.turnConf,
    HARDENING: hardening,
  });
  units['mugharred.target'] = await read('mugharred.target');
  return units;
}

/** What `systemctl enable` gets: every unit but the gateway template, plus one instance per gateway port. */
export const enabledUnits = (gateways) => [
  'mugharred.target',
  ...NODE_SERVICES.map((s) => s.unit).filter((u) => !u.includes('@')),
  'mugharred-redis.service',
  'mugharred-turn.service',
  ...gateways.map((p) => `mugharred-gateway@${p}.service`),
];
