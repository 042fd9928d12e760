// Just enough STUN/TURN (RFC 5389 / 5766) over UDP to prove a TURN server is reachable and accepts a
// credential: an Allocate, answered 401 with a realm and nonce, then again with long-term credentials.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

const MAGIC = 0x2112a442;
const TYPE = { allocate: 0x0003, allocateOk: 0x0103, allocateError: 0x0113 };
const ATTR = { username: 0x0006, integrity: 0x0008, errorCode: 0x0009, realm: 0x0014, nonce: 0x0015, relayed: 0x0016, transport: 0x0019 };
const UDP = 17;

function attribute(type, value) {
  const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
  padded.writeUInt16BE(type, 0);
  padded.writeUInt16BE(value.length, 2);
  value.copy(padded, 4);
  return padded;
}

function message(type, id, attrs, integrityKey) {
  const body = Buffer.concat(attrs);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  id.copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // MESSAGE-INTEGRITY covers everything before it, with the length already counting its own 24 bytes.
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest();
  return Buffer.concat([header, body, attribute(ATTR.integrity, mac)]);
}

function parse(buf) {
  const attrs = new Map();
  for (let at = 20; at + 4 <= buf.length; ) {
    const type = buf.readUInt16BE(at);
    const length = buf.readUInt16BE(at + 2);
    attrs.set(type, buf.subarray(at + 4, at + 4 + length));
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return { type: buf.readUInt16BE(0), id: buf.subarray(8, 20), attrs };
}

function relayedAddress(value) {
  const port = value.readUInt16BE(2) ^ (MAGIC >>> 16);
  const ip = [...value.subarray(4, 8)].map((b, i) => b ^ ((MAGIC >>> (24 - 8 * i)) & 0xff)).join('.');
  return `${ip}:${port}`;
}

/** Parses `turn:host:port?transport=udp` (and stun:); the port defaults to 3478. */
export function parseTurnUrl(url) {
  const m = /^(turns?|stun):([^?:]+|\[[^\]]+\])(?::(\d+))?(?:\?transport=(udp|tcp))?$/.exec(url);
  if (!m) throw new Error(`not a STUN/TURN URL: ${url}`);
  return { scheme: m[1], host: m[2], port: Number(m[3] ?? 3478), transport: m[4] ?? 'udp' };
}

/**
 * Asks a TURN server over UDP for a relay with these credentials. Resolves with `{ ok: true, relayed }` or
 * `{ ok: false, reason }` (a refusal in the server's words, or no answer within `timeoutMs`).
 * `lookup` maps a host name to an address (for a check that must not use DNS).
 *
 * @param {{ host: string, port: number, username: string, credential: string, timeoutMs?: number,
 *   lookup?: (host: string) => Promise<string> }} o
 * @returns {Promise<{ ok: boolean, relayed?: string, reason?: string }>}
 */
export async function turnAllocate({ host, port, username, credential, timeoutMs = 3000, lookup }) {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const address = lookup ? await lookup(host) : host;
  const exchange = (packet) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      socket.once('message', (msg) => {
        clearTimeout(timer);
        resolve(parse(msg));
      });
      socket.send(packet, port, address);
    });
  const transport = attribute(ATTR.transport, Buffer.from([UDP, 0, 0, 0]));
  try {
    const challenge = await exchange(message(TYPE.allocate, randomBytes(12), [transport]));
    if (!challenge) return { ok: false, reason: `no answer from ${host}:${port} (UDP) within ${timeoutMs} ms` };
    const realm = challenge.attrs.get(ATTR.realm);
    const nonce = challenge.attrs.get(ATTR.nonce);
    if (challenge.type !== TYPE.allocateError || !realm || !nonce) return { ok: false, reason: 'the server did not ask for credentials' };
    const key = createHash('md5').update(`${username}:${realm}:${credential}`).digest();
    const reply = await exchange(
      message(TYPE.allocate, randomBytes(12), [transport, attribute(ATTR.username, Buffer.from(username)), attribute(ATTR.realm, realm), attribute(ATTR.nonce, nonce)], key),
    );
    if (!reply) return { ok: false, reason: 'no answer to the authenticated request' };
    if (reply.type === TYPE.allocateOk) return { ok: true, relayed: relayedAddress(reply.attrs.get(ATTR.relayed)) };
    const error = reply.attrs.get(ATTR.errorCode);
    const code = error ? error[2] * 100 + error[3] : 0;
    return { ok: false, reason: `refused: ${code} ${error ? error.subarray(4).toString() : ''}`.trim() };
  } finally {
    socket.close();
  }
}
