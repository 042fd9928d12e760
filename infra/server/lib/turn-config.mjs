// coturn's configuration for a server install (also rendered by the TURN test, on loopback).
import { readFile } from 'node:fs/promises';
import { renderTemplate } from '../../../scripts/lib/edge.mjs';
import { MEDIA_PORTS, PORTS } from './layout.mjs';

const template = new URL('../coturn/turnserver.conf.template', import.meta.url);

/**
 * @param {{ realm: string, secret: string, publicIp?: string, listeningIps?: string[], port?: number,
 *   pidFile?: string }} o  `secret` is shared with rooms-api (VOICE_TURN_SECRET).
 */
export async function renderTurnConfig({ realm, secret, publicIp, listeningIps = [], port = PORTS.turn, pidFile = '/run/mugharred-turn/turnserver.pid' }) {
  return renderTemplate(await readFile(template, 'utf8'), {
    TURN_PORT: String(port),
    LISTENING_IPS: listeningIps.map((ip) => `listening-ip=${ip}`).join('\n') || '# listening on every interface',
    EXTERNAL_IP: publicIp ? `external-ip=${publicIp}` : '# no external-ip: the host has its public address on an interface',
    REALM: realm,
    TURN_SECRET: secret,
    RELAY_MIN_PORT: String(MEDIA_PORTS.turnRelayMin),
    RELAY_MAX_PORT: String(MEDIA_PORTS.turnRelayMax),
    PID_FILE: pidFile,
  });
}
