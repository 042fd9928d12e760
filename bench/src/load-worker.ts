/**
 * One load-generator process (forked by the orchestrator, driven over IPC; see worker-protocol.ts).
 * It holds whole rooms, so every delivery of a message is received in the process that sent it and its
 * latency is measured on one clock: the send time (performance.now()) travels inside the message text,
 * followed by the message's index in this process's ledger.
 */
import { performance } from 'node:perf_hooks';
import type { BenchClient, ConnectClient } from './clients/bench-client.js';
import { connectMugharred } from './clients/mugharred-client.js';
import { connectSocketIo } from './clients/socketio-client.js';
import { interleaveRooms } from './send-order.js';
import { Histogram } from './histogram.js';
import { Ledger } from './ledger.js';
import type { SystemName } from './options.js';
import type { WorkerClient, WorkerCommand, WorkerReply } from './worker-protocol.js';

/** The bare relay speaks the part of Mugharred's wire the client uses (servers/ws-relay-server.ts). */
const connectors: Record<SystemName, ConnectClient> = { mugharred: connectMugharred, socketio: connectSocketIo, wsrelay: connectMugharred };
/** Only Mugharred acknowledges a stored message; the references relay without storing. */
const acknowledges: Record<SystemName, boolean> = { mugharred: true, socketio: false, wsrelay: false };

/** Sends are issued on this tick; each tick catches up to the schedule, so the rate holds on average. */
const SEND_TICK_MS = 2;

interface Member {
  client: BenchClient;
  roomId: string;
  server: number;
  roomSize: number;
  /** Members of this room connected to the same server as this one. */
  roomOnServer: number;
}

const members: Member[] = [];
const ledger = new Ledger();
const latency = new Histogram();
/** Send time to acknowledgement (stored), for the measured messages of a system that acknowledges. */
const ackLatency = new Histogram();
const sendTimes: number[] = [];
const errors: Record<string, number> = {};
let system: SystemName = 'mugharred';
let closedEarly = 0;
let padding = '';
let measureFrom = Number.POSITIVE_INFINITY;
let closing = false;

const reply = (msg: WorkerReply) => process.send!(msg);

/** The events of one client; deliveries are booked with the server the receiving client is connected to. */
const eventsFor = (server: number) => ({
  onText(text: string): void {
    const space = text.indexOf(' ');
    const sentAt = Number.parseFloat(text);
    const n = Number.parseInt(text.slice(space + 1), 10);
    ledger.delivered(n, server);
    if (sentAt >= measureFrom) latency.add(performance.now() - sentAt);
  },
  onAck(clientMsgId: string): void {
    const n = Number(clientMsgId);
    ledger.acked(n);
    const sentAt = sendTimes[n];
    if (sentAt !== undefined && sentAt >= measureFrom) ackLatency.add(performance.now() - sentAt);
  },
  onError(code: string, clientMsgId?: string): void {
    errors[code] = (errors[code] ?? 0) + 1;
    if (clientMsgId !== undefined) ledger.refused(Number(clientMsgId));
  },
  onClose(): void {
    if (!closing) closedEarly++;
  },
});

async function connectAll(connect: ConnectClient, clients: WorkerClient[], concurrency: number) {
  const roomSizes = new Map<string, number>();
  const onServer = new Map<string, number>();
  const placeKey = (c: { roomId: string; server: number }) => `${c.server} ${c.roomId}`;
  for (const c of clients) {
    roomSizes.set(c.roomId, (roomSizes.get(c.roomId) ?? 0) + 1);
    onServer.set(placeKey(c), (onServer.get(placeKey(c)) ?? 0) + 1);
  }
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const lane = async () => {
    while (next < clients.length) {
      const spec = clients[next++]!;
      try {
        const client = await connect(spec, eventsFor(spec.server));
        const { roomId, server } = spec;
        members.push({ client, roomId, server, roomSize: roomSizes.get(roomId)!, roomOnServer: onServer.get(placeKey(spec))! });
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, lane));
  reply({ kind: 'connected', ok: members.length, failed, firstError });
}

/** Sends `rate` messages/s (and `typingRate` typing signals/s) round-robin over the members for warmupMs + durationMs. */
function sendPhase(rate: number, typingRate: number, warmupMs: number, durationMs: number): Promise<void> {
  const start = performance.now();
  measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const order = interleaveRooms(members);
  let turn = 0;
  let typed = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const typingDue = Math.floor(((Math.min(now, end) - start) * typingRate) / 1000);
      for (; typed < typingDue && order.length > 0; typed++) {
        const m = order[typed % order.length]!;
        m.client.typing(m.roomId);
      }
      const due = Math.floor(((Math.min(now, end) - start) * rate) / 1000);
      while (ledger.sent < due && order.length > 0) {
        const m = order[turn++ % order.length]!;
        const sentAt = performance.now();
        if (sentAt >= measureFrom && ledger.firstMeasured === Number.POSITIVE_INFINITY) ledger.firstMeasured = ledger.sent;
        const n = ledger.record(m.roomSize, m.roomOnServer, m.server);
        sendTimes[n] = sentAt;
        const head = `${sentAt.toFixed(4)} ${n} `;
        m.client.send(m.roomId, head + padding.slice(head.length), String(n));
      }
      if (now >= end) {
        clearInterval(timer);
        resolve();
      }
    }, SEND_TICK_MS);
  });
}

/** Waits until every owed delivery arrived, or until `timeoutMs` passes without any progress. */
async function drain(timeoutMs: number): Promise<void> {
  let lastReceived = ledger.received;
  let lastProgress = performance.now();
  while (ledger.outstanding > 0 && performance.now() - lastProgress < timeoutMs) {
    await new Promise((r) => setTimeout(r, 10));
    if (ledger.received !== lastReceived) {
      lastReceived = ledger.received;
      lastProgress = performance.now();
    }
  }
}

process.on('message', (msg: WorkerCommand) => {
  switch (msg.cmd) {
    case 'connect':
      system = msg.system;
      padding = 'x'.repeat(msg.textLength);
      void connectAll(connectors[msg.system], msg.clients, msg.concurrency);
      break;
    case 'send':
      void sendPhase(msg.rate, msg.typingRate, msg.warmupMs, msg.durationMs).then(() => reply({ kind: 'sent', sent: ledger.sent }));
      break;
    case 'drain':
      void drain(msg.timeoutMs).then(() => {
        const report = ledger.report();
        // Without acknowledgements, "acked" and "unanswered" mean nothing: reported as null, not 0.
        const noAcks = { unanswered: null, lostAcked: null, lostAckedSameServer: null, lostAckedOtherServer: null };
        const stats = {
          ...report,
          ...(acknowledges[system] ? {} : noAcks),
          latency: latency.toPairs(),
          ackLatency: ackLatency.toPairs(),
          errors,
          closed: closedEarly,
        };
        reply({ kind: 'drained', stats });
      });
      break;
    case 'close':
      closing = true;
      for (const m of members) m.client.close();
      // A moment for the close frames to go out; the orchestrator waits for this process to exit.
      setTimeout(() => process.exit(0), 200);
      break;
  }
});

// Loaded and listening: the orchestrator starts the connect clock only after every generator says so.
reply({ kind: 'ready' });
