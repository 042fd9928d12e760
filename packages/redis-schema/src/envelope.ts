/**
 * Pub/sub payloads are `<kind>|<frame JSON>` so a replica can forward the frame bytes to its sockets without
 * decoding or re-serialising them:
 * - `m<seq>.<at>`: an event of the room's stream (a message or a change to one) with its seq, which the replica
 *   checks for gaps, and its write time in ms, which tells it from another event numbered the same (a failover);
 * - `f`: forward verbatim to the room's local sockets;
 * - `p`: the room's participants list: forward too, but a newer one supersedes it (replicas may coalesce);
 * - `c`: control: forward, and act on it (kick, end, expiry, leave);
 * - `r`: the room's history was reset under a new epoch (renew-epoch): its body is the epoch, not a frame;
 * - `s`: `s|<replicaId>`, the edge now routes the room to that replica: never forwarded; a replica still holding
 *   sockets of the room moves them there (the gateway's regather.ts).
 */
export type Envelope =
  | { kind: 'message'; seq: number; at: number; frame: Buffer }
  | { kind: 'forward'; frame: Buffer }
  | { kind: 'participants'; frame: Buffer }
  | { kind: 'control'; frame: Buffer }
  | { kind: 'reset'; epoch: string }
  | { kind: 'served'; replicaId: string };

const BAR = 0x7c;
const M = 0x6d;
const F = 0x66;
const P = 0x70;
const C = 0x63;
const R = 0x72;
const S = 0x73;
const DOT = 0x2e;
const ZERO = 0x30;

/** Parses a payload received as a Buffer (ioredis `messageBuffer`); `frame` shares its memory. */
export function parseEnvelope(payload: Buffer): Envelope | null {
  const bar = payload.indexOf(BAR);
  if (bar < 1) return null;
  const frame = payload.subarray(bar + 1);
  const head = payload[0];
  if (head === M) {
    const dot = payload.indexOf(DOT, 1);
    if (dot < 2 || dot > bar - 2) return null;
    const seq = digits(payload, 1, dot);
    const at = digits(payload, dot + 1, bar);
    return seq < 0 || at < 0 ? null : { kind: 'message', seq, at, frame };
  }
  if (bar !== 1) return null;
  if (head === F) return { kind: 'forward', frame };
  if (head === P) return { kind: 'participants', frame };
  if (head === C) return { kind: 'control', frame };
  if (head === R && frame.length > 0) return { kind: 'reset', epoch: frame.toString() };
  if (head === S && frame.length > 0) return { kind: 'served', replicaId: frame.toString() };
  return null;
}

/** The decimal number in payload[from, to), or -1 when a byte there is not a digit. */
function digits(payload: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = payload[i]! - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export const envelope = {
  forward: (frame: string) => `f|${frame}`,
  served: (replicaId: string) => `s|${replicaId}`,
};
