import type { SystemName } from './options.js';

/** One client a load-generator process opens: its server, room token and room. */
export interface WorkerClient {
  /** Which of the system's servers `port` belongs to. */
  server: number;
  port: number;
  token: string;
  roomId: string;
}

/** Orchestrator -> load-generator process (IPC), in this order, each answered before the next. */
export type WorkerCommand =
  | { cmd: 'connect'; system: SystemName; clients: WorkerClient[]; concurrency: number; textLength: number }
  | { cmd: 'send'; rate: number; typingRate: number; warmupMs: number; durationMs: number }
  | { cmd: 'drain'; timeoutMs: number }
  | { cmd: 'close' };

/** How the messages of a send phase fared, in deliveries or messages; null where the system has no acks. */
export interface DeliveryOutcome {
  /** Deliveries owed by messages that were not refused but never arrived. */
  lost: number;
  /** Of those, deliveries of acknowledged messages: the one loss a retrying client cannot repair. */
  lostAcked: number | null;
  /** The same, split by the receiver's server: the sender's, or the other one. */
  lostAckedSameServer: number | null;
  lostAckedOtherServer: number | null;
  /** Deliveries beyond one per member and message. */
  duplicates: number;
  /** Messages the server refused with an error frame (the client would retry), and those delivered anyway. */
  refused: number;
  refusedButDelivered: number;
  /** Messages neither acknowledged nor refused. */
  unanswered: number | null;
}

const OUTCOME_KEYS = [
  'lost',
  'lostAcked',
  'lostAckedSameServer',
  'lostAckedOtherServer',
  'duplicates',
  'refused',
  'refusedButDelivered',
  'unanswered',
] as const satisfies readonly (keyof DeliveryOutcome)[];

/** Adds outcomes up; a figure is null when any part is null (a system without acknowledgements). */
export function sumOutcomes(parts: DeliveryOutcome[]): DeliveryOutcome {
  const total = (key: keyof DeliveryOutcome) =>
    parts.some((p) => p[key] === null) ? null : parts.reduce((acc, p) => acc + p[key]!, 0);
  return Object.fromEntries(OUTCOME_KEYS.map((k) => [k, total(k)])) as unknown as DeliveryOutcome;
}

export interface DeliveryStats extends DeliveryOutcome {
  /** Messages sent, warm-up included. */
  sent: number;
  /** Deliveries owed by messages sent in the measured window (room size each, the sender included), and received. */
  expectedMeasured: number;
  receivedMeasured: number;
  /** Latency of every measured delivery, as histogram [bucket, count] pairs. */
  latency: [number, number][];
  /** Send to acknowledgement of every measured message (empty without acks), as histogram pairs. */
  ackLatency: [number, number][];
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
