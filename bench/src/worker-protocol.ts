import type { SystemName } from './options.js';

/** One client a load-generator process opens: its server, room token and room. */
export interface WorkerClient {
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
  /** Deliveries owed for every message sent (room size each, the sender included) and those received. */
  expected: number;
  received: number;
  /** The same, only for messages sent during the measured window. */
  expectedMeasured: number;
  receivedMeasured: number;
  sent: number;
  /** Latency of every measured delivery, as histogram [bucket, count] pairs. */
  latency: [number, number][];
  /** Error frames or refusals by code (a rate_limited here means the bench measured a limiter, not a relay). */
  errors: Record<string, number>;
  /** Sockets that closed before the end. */
  closed: number;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'connected'; ok: number; failed: number; firstError?: string }
  | { kind: 'sent'; sent: number }
  | { kind: 'drained'; stats: DeliveryStats };
