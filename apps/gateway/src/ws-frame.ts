/**
 * The bytes of one unmasked WebSocket text frame (RFC 6455 section 5.2: FIN, opcode 1, payload length) around
 * `payload`. A relay frames a room's message once and writes the same bytes to every member's TCP socket: one
 * plain write each, instead of ws building a header and a two-part write per socket.
 */
export function wsTextFrame(payload: Buffer | string): Buffer {
  const len = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + len);
  out[0] = 0x81;
  if (len < 126) {
    out[1] = len;
  } else if (len < 65536) {
    out[1] = 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  // A string is encoded straight into the frame: one copy, not two.
  if (typeof payload === 'string') out.write(payload, head);
  else payload.copy(out, head);
  return out;
}
