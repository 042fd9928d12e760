/**
 * Pub/sub payloads are `<kind>|<frame JSON>` so a replica can forward the frame bytes without re-serialising:
 * - `m<seq>`: a chat message with its room seq (the replica checks for gaps);
 * - `f`: forward verbatim to the room's local sockets;
 * - `c`: control: forward, and act on it (kick, end, expiry, leave).
 */
export type Envelope =
  | { kind: 'message'; seq: number; frame: string }
  | { kind: 'forward'; frame: string }
  | { kind: 'control'; frame: string };

export function parseEnvelope(payload: string): Envelope | null {
  const bar = payload.indexOf('|');
  if (bar < 1) return null;
  const frame = payload.slice(bar + 1);
  const head = payload.charCodeAt(0);
  if (head === 109 /* m */) {
    const seq = Number(payload.slice(1, bar));
    return Number.isSafeInteger(seq) ? { kind: 'message', seq, frame } : null;
  }
  if (bar !== 1) return null;
  if (head === 102 /* f */) return { kind: 'forward', frame };
  if (head === 99 /* c */) return { kind: 'control', frame };
  return null;
}

export const envelope = {
  forward: (frame: string) => `f|${frame}`,
  control: (frame: string) => `c|${frame}`,
};
