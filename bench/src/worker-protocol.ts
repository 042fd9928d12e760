import type { SystemName } from './options.js';

/** One client a load-generator process opens: its server, room token and room. */
export interface WorkerClient {
  /** Which of the two servers `port` belongs to. */
  server: 0 | 1;
  port: number;
  token: string;
  roomId: string;
}

/** Orchestrator -> load-generator process (IPC), in this order, each answered before the next. */
export type WorkerCommand =
  | { cmd: 'connect'; system: SystemName; clients: WorkerClient[]; concurrency: number; textLength: number }
  | { cmd: 'send'; rate: number; warmupMs: number; durationMs: number }
  | { cmd: 'drain'; timeoutMs: number }
  | { cmd: 'close' };

export interface DeliveryStats {
  /** Messages sent, warm-up included. */
  sent: number;
  /** Deliveries owed by messages sent in the measured window (room size each, the sender included), and received. */
  expectedMeasured: number;
  receivedMeasured: number;
  /** Deliveries owed by messages that were not refused but never arrived (whole send phase). */
  lost: number;
  /** Of those, deliveries of acknowledged messages: the one loss a retrying client cannot repair (null: no acks). */
  lostAcked: number | null;
  /** Of those, deliveries to members on the sender's server and on the other one (null: no acks). */
  lostAckedSameServer: number | null;
  lostAckedOtherServer: number | null;
  /** Deliveries beyond one per member and message. */
  duplicates: number;
  /** Messages the server refused with an error frame (the client would retry), and those delivered anyway. */
  refused: number;
  refusedButDelivered: number;
  /** Messages neither acknowledged nor refused; null for a system that does not acknowledge. */
  unanswered: number | null;
  /** Latency of every measured delivery, as histogram [bucket, count] pairs. */
  latency: [number, number][];
  /** Error frames by code (a rate_limited here means the bench measured a limiter, not a relay). */
  errors: Record<string, number>;
  /** Sockets that closed before the end. */
  closed: number;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'connected'; ok: number; failed: number; firstError?: string }
  | { kind: 'sent'; sent: number }
  | { kind: 'drained'; stats: DeliveryStats };
