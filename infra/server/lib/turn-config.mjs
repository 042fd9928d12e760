// coturn's configuration for a server install (also rendered by the TURN test, on loopback).
import { readFile } from 'node:fs/promises';
import { renderTemplate } from '../../../scripts/lib/edge.mjs';
import { MEDIA_PORTS, PORTS } from './layout.mjs';

const template = new URL('../coturn/turnserver.conf.template', import.meta.url);

/** coturn also refuses loopback peers on its own (besides denied-peer-ip): an allowed 127/8 address lifts that. */
function allowedPeers(ips) {
  if (!ips.length) return '# no exceptions';
  const lines = ips.map((ip) => `allowed-peer-ip=${ip}`);
  return (ips.some((ip) => ip.startsWith('127.')) ? ['allow-loopback-peers', ...lines] : lines).join('\n');
}

/**
 * @param {{ realm: string, secret: string, publicIp?: string, listeningIps?: string[], relayIps?: string[],
 *   port?: number, allowedPeerIps?: string[], runtimeDir?: string }} o
 *   `secret` is shared with rooms-api (VOICE_TURN_SECRET); `relayIps` and `allowedPeerIps` are for the voice
 *   test's namespace (relays on its media address, which sits in the denied 127/8 range); `runtimeDir` is the
 *   unit's RuntimeDirectory (pid file, coturn's empty user database).
 */
export async function renderTurnConfig({ realm, secret, publicIp, listeningIps = [], relayIps = [], allowedPeerIps = [], port = PORTS.turn, runtimeDir = '/run/mugharred-turn' }) {
  return renderTemplate(await readFile(template, 'utf8'), {
    TURN_PORT: String(port),
    LISTENING_IPS: listeningIps.map((ip) => `listening-ip=${ip}`).join('\n') || '# listening on every interface',
    RELAY_IPS: relayIps.map((ip) => `relay-ip=${ip}`).join('\n') || '# relays on the listening addresses',
    ALLOWED_PEERS: allowedPeers(allowedPeerIps),
    EXTERNAL_IP: publicIp ? `external-ip=${publicIp}` : '# no external-ip: the host has its public address on an interface',
    REALM: realm,
    TURN_SECRET: secret,
    RELAY_MIN_PORT: String(MEDIA_PORTS.turnRelayMin),
    RELAY_MAX_PORT: String(MEDIA_PORTS.turnRelayMax),
    RUNTIME_DIR: runtimeDir,
  });
}
