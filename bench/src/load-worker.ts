/**
 * One load-generator process (forked by the orchestrator, driven over IPC; see worker-protocol.ts).
 * It holds whole rooms, so every delivery of a message is received in the process that sent it and its
 * latency is measured on one clock: the send time (performance.now()) travels inside the message text.
 */
import { performance } from 'node:perf_hooks';
import type { BenchClient, ConnectClient } from './clients/bench-client.js';
import { connectMugharred } from './clients/mugharred-client.js';
import { connectSocketIo } from './clients/socketio-client.js';
import { Histogram } from './histogram.js';
import type { DeliveryStats, WorkerClient, WorkerCommand, WorkerReply } from './worker-protocol.js';

const connectors: Record<string, ConnectClient> = { mugharred: connectMugharred, socketio: connectSocketIo };

/** Sends are issued on this tick; each tick catches up to the schedule, so the rate holds on average. */
const SEND_TICK_MS = 2;

interface Member {
  client: BenchClient;
  roomId: string;
  roomSize: number;
}

const members: Member[] = [];
const latency = new Histogram();
const stats: Omit<DeliveryStats, 'latency'> = {
  expected: 0,
  received: 0,
  expectedMeasured: 0,
  receivedMeasured: 0,
  sent: 0,
  errors: {},
  closed: 0,
};
let padding = '';
let measureFrom = Number.POSITIVE_INFINITY;
let closing = false;

const reply = (msg: WorkerReply) => process.send!(msg);

function onText(text: string): void {
  const sentAt = Number.parseFloat(text);
  stats.received++;
  if (sentAt >= measureFrom) {
    stats.receivedMeasured++;
    latency.add(performance.now() - sentAt);
  }
}

const events = {
  onText,
  onError: (code: string) => {
    stats.errors[code] = (stats.errors[code] ?? 0) + 1;
  },
  onClose: () => {
    if (!closing) stats.closed++;
  },
};

async function connectAll(connect: ConnectClient, clients: WorkerClient[], concurrency: number) {
  const roomSizes = new Map<string, number>();
  for (const c of clients) roomSizes.set(c.roomId, (roomSizes.get(c.roomId) ?? 0) + 1);
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const lane = async () => {
    while (next < clients.length) {
      const spec = clients[next++]!;
      try {
        const client = await connect(spec, events);
        members.push({ client, roomId: spec.roomId, roomSize: roomSizes.get(spec.roomId)! });
      } catch (err) {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, lane));
  reply({ kind: 'connected', ok: members.length, failed, firstError });
}

/** Sends `rate` messages/s round-robin over the members for warmupMs + durationMs. */
function sendPhase(rate: number, warmupMs: number, durationMs: number): Promise<void> {
  const start = performance.now();
  measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  let turn = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const due = Math.floor(((Math.min(now, end) - start) * rate) / 1000);
      while (stats.sent < due && members.length > 0) {
        const m = members[turn++ % members.length]!;
        const sentAt = performance.now();
        const stamp = sentAt.toFixed(4);
        m.client.send(m.roomId, `${stamp} ${padding.slice(stamp.length + 1)}`, `b${process.pid}-${stats.sent}`);
        stats.sent++;
        stats.expected += m.roomSize;
        if (sentAt >= measureFrom) stats.expectedMeasured += m.roomSize;
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
  let lastReceived = stats.received;
  let lastProgress = performance.now();
  while (stats.received < stats.expected && performance.now() - lastProgress < timeoutMs) {
    await new Promise((r) => setTimeout(r, 10));
    if (stats.received !== lastReceived) {
      lastReceived = stats.received;
      lastProgress = performance.now();
    }
  }
}

process.on('message', (msg: WorkerCommand) => {
  switch (msg.cmd) {
    case 'connect':
      padding = 'x'.repeat(msg.textLength);
      void connectAll(connectors[msg.system]!, msg.clients, msg.concurrency);
      break;
    case 'send':
      void sendPhase(msg.rate, msg.warmupMs, msg.durationMs).then(() => reply({ kind: 'sent', sent: stats.sent }));
      break;
    case 'drain':
      void drain(msg.timeoutMs).then(() => reply({ kind: 'drained', stats: { ...stats, latency: latency.toPairs() } }));
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
