// coturn's configuration for a server install (also rendered by the TURN test, on loopback).
import { readFile } from 'node:fs/promises';
import { renderTemplate } from '../../../scripts/lib/edge.mjs';
import { MEDIA_PORTS, PORTS } from './layout.mjs';

const template = new URL('../coturn/turnserver.conf.template', import.meta.url);

/**
 * @param {{ realm: string, secret: string, publicIp?: string, listeningIps?: string[], port?: number,
 *   runtimeDir?: string }} o  `secret` is shared with rooms-api (VOICE_TURN_SECRET); `runtimeDir` is the unit's
 *   RuntimeDirectory (pid file, coturn's empty user database).
 */
export async function renderTurnConfig({ realm, secret, publicIp, listeningIps = [], port = PORTS.turn, runtimeDir = '/run/mugharred-turn' }) {
  return renderTemplate(await readFile(template, 'utf8'), {
    TURN_PORT: String(port),
    LISTENING_IPS: listeningIps.map((ip) => `listening-ip=${ip}`).join('\n') || '# listening on every interface',
    EXTERNAL_IP: publicIp ? `external-ip=${publicIp}` : '# no external-ip: the host has its public address on an interface',
    REALM: realm,
    TURN_SECRET: secret,
    RELAY_MIN_PORT: String(MEDIA_PORTS.turnRelayMin),
    RELAY_MAX_PORT: String(MEDIA_PORTS.turnRelayMax),
    RUNTIME_DIR: runtimeDir,
  });
}
