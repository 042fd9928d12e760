/**
 * Pub/sub payloads are `<kind>|<frame JSON>` so a replica can forward the frame bytes to its sockets without
 * decoding or re-serialising them:
 * - `m<seq>`: a chat message with its room seq (the replica checks for gaps);
 * - `f`: forward verbatim to the room's local sockets;
 * - `p`: the room's participants list: forward too, but a newer one supersedes it (replicas may coalesce);
 * - `c`: control: forward, and act on it (kick, end, expiry, leave);
 * - `s`: `s|<replicaId>`, the edge now routes the room to that replica: never forwarded; a replica still holding
 *   sockets of the room moves them there (the gateway's regather.ts).
 */
export type Envelope =
  | { kind: 'message'; seq: number; frame: Buffer }
  | { kind: 'forward'; frame: Buffer }
  | { kind: 'participants'; frame: Buffer }
  | { kind: 'control'; frame: Buffer }
  | { kind: 'served'; frame: Buffer; replicaId: string };

const BAR = 0x7c;
const M = 0x6d;
const F = 0x66;
const P = 0x70;
const C = 0x63;
const S = 0x73;
const ZERO = 0x30;

/** Parses a payload received as a Buffer (ioredis `messageBuffer`); `frame` shares its memory. */
export function parseEnvelope(payload: Buffer): Envelope | null {
  const bar = payload.indexOf(BAR);
  if (bar < 1) return null;
  const frame = payload.subarray(bar + 1);
  const head = payload[0];
  if (head === M) {
    let seq = 0;
    for (let i = 1; i < bar; i++) {
      const d = payload[i]! - ZERO;
      if (d < 0 || d > 9) return null;
      seq = seq * 10 + d;
    }
    return bar > 1 ? { kind: 'message', seq, frame } : null;
  }
  if (bar !== 1) return null;
  if (head === F) return { kind: 'forward', frame };
  if (head === P) return { kind: 'participants', frame };
  if (head === C) return { kind: 'control', frame };
  if (head === S) return frame.length > 0 ? { kind: 'served', frame, replicaId: frame.toString() } : null;
  return null;
}

export const envelope = {
  forward: (frame: string) => `f|${frame}`,
  served: (replicaId: string) => `s|${replicaId}`,
};
