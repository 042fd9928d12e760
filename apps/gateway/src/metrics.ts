import { CLOSE_CODES } from '@mugharred/protocol';
import { Counter, Gauge, Histogram, metricsRegistry } from '@mugharred/service-kit';

const registers = [metricsRegistry()];

/** Close code -> the protocol's name for it; codes a client or the network chose get a name here. */
const CLOSE_REASONS = new Map<number, string>([
  [1000, 'normal'],
  [1001, 'going_away'],
  [1005, 'no_status'],
  [1006, 'abnormal'],
  ...Object.entries(CLOSE_CODES).map(([name, { code }]) => [code, name] as [number, string]),
]);

/** What a replica can tell about itself when Prometheus scrapes it (sizes are read then, not kept up to date). */
export interface GatewaySizes {
  readonly connections: number;
  readonly roomsServed: number;
}

let sizes: GatewaySizes = { connections: 0, roomsServed: 0 };

new Gauge({
  name: 'mugharred_gateway_open_sockets',
  help: 'WebSockets open on this replica.',
  registers,
  collect() {
    this.set(sizes.connections);
  },
});
new Gauge({
  name: 'mugharred_gateway_rooms_served',
  help: 'Rooms this replica relays (has local members in, so subscribes to).',
  registers,
  collect() {
    this.set(sizes.roomsServed);
  },
});
const joins = new Counter({
  name: 'mugharred_gateway_joins_total',
  help: 'join_room answers: joined, or the refusal code.',
  labelNames: ['outcome'],
  registers,
});
const messagesIn = new Counter({
  name: 'mugharred_gateway_messages_in_total',
  help: 'send_message frames by outcome: stored, duplicate (a retry), rate_limited, refused.',
  labelNames: ['outcome'],
  registers,
});
const messagesOut = new Counter({
  name: 'mugharred_gateway_messages_out_total',
  help: 'Chat messages and their changes (edits, deletes, reactions) written to sockets, one per receiving socket.',
  registers,
});
const delivery = new Histogram({
  name: 'mugharred_gateway_delivery_seconds',
  help: "From a chat message's publish in Redis (its ts: Redis's clock, ms) to this replica writing it to its sockets.",
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers,
});
const closes = new Counter({
  name: 'mugharred_gateway_closes_total',
  help: 'Closed sockets by close code name (protocol close codes, or normal/going_away/abnormal/no_status).',
  labelNames: ['reason'],
  registers,
});
const regathered = new Counter({
  name: 'mugharred_gateway_regathered_sockets_total',
  help: 'Sockets this replica moved (1012) to the replica the edge routes their room to now: a room split by a restart regathering.',
  registers,
});
const refusals = new Counter({
  name: 'mugharred_gateway_upgrade_refusals_total',
  help: 'Upgrades answered with an HTTP error instead of a socket, by error code.',
  labelNames: ['code'],
  registers,
});

const DIGIT_0 = 0x30;
/** A chat message's frame starts `{"type":"room_event","roomId":"<roomId>","event":"message",...` (send-message). */
const ROOM_ID_AT = '{"type":"room_event","roomId":"'.length;
const MESSAGE_EVENT = Buffer.from('","event":"message"');
const TS_KEY = Buffer.from('"ts":');

/**
 * When a relayed chat message was published: its `ts`, which send-message sets to Redis's clock as it publishes.
 * Read from the bytes (the event name at its known place, then the last `"ts":`, which only the optional reply
 * quote follows), so a delivery costs no JSON parse. NaN for other events in the room's order (edits, deletes,
 * reactions), whose frames carry the message's original ts.
 */
function publishedAt(roomId: string, frame: Buffer): number {
  const at = ROOM_ID_AT + roomId.length;
  if (frame.compare(MESSAGE_EVENT, 0, MESSAGE_EVENT.length, at, at + MESSAGE_EVENT.length) !== 0) return NaN;
  let i = frame.lastIndexOf(TS_KEY);
  if (i < 0) return NaN;
  let ts = 0;
  for (i += TS_KEY.length; i < frame.length; i++) {
    const d = frame[i]! - DIGIT_0;
    if (d < 0 || d > 9) break;
    ts = ts * 10 + d;
  }
  return ts > 0 ? ts : NaN;
}

/** The hooks the gateway's code calls; each is a counter or histogram update. */
export const gatewayMetrics = {
  watch(gateway: GatewaySizes): void {
    sizes = gateway;
  },
  joined(outcome: string): void {
    joins.inc({ outcome });
  },
  messageIn(outcome: string): void {
    messagesIn.inc({ outcome });
  },
  /** An event of the room's order (a message, edit, delete or reaction) written to `sockets` local sockets. */
  delivered(roomId: string, frame: Buffer, sockets: number): void {
    if (sockets === 0) return;
    messagesOut.inc(sockets);
    const ts = publishedAt(roomId, frame);
    if (!Number.isNaN(ts)) delivery.observe(Math.max(0, Date.now() - ts) / 1000);
  },
  closed(code: number): void {
    closes.inc({ reason: CLOSE_REASONS.get(code) ?? String(code) });
  },
  refused(code: string): void {
    refusals.inc({ code });
  },
  regathered(sockets: number): void {
    regathered.inc(sockets);
  },
};
