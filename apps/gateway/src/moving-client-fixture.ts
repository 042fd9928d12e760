import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { retryHintMs } from '@mugharred/protocol';
import { sleep } from './gateway-fixture.js';

type Frame = {
  type: string;
  event?: string;
  recovered?: boolean;
  clientMsgId?: string;
  seq?: number;
  code?: string;
  retryAfterMs?: number;
  message?: { id: string; seq: number };
  messages?: { id: string; seq: number }[];
};

/**
 * A chat member behaving as the web client does (room-client.ts): it connects through the edge with the room
 * hint, joins with `since` after a reconnect, comes back after a 1012's hint, and resends what was not
 * acknowledged with the same clientMsgId. It records what a checker of a deploy needs.
 */
export class MovingClient {
  /** seq -> message id, as received (live or recovered). */
  readonly seqs = new Map<number, string>();
  duplicates = 0;
  /** clientMsgId -> seq, for every acknowledged message. */
  readonly acked = new Map<string, number>();
  readonly pending = new Map<string, string>();
  /** Time from each close to the next `joined`. */
  readonly reconnectMs: number[] = [];
  /** Upgrades the edge refused, by HTTP status. */
  readonly refused = new Map<number, number>();
  /** Presence events seen after the first join (nobody leaves or joins in a deploy). */
  readonly presence: string[] = [];
  /** Joins that could not recover (`recovered: false` after the first). */
  unrecovered = 0;
  closes = 0;
  private ws: WebSocket | null = null;
  private joined = false;
  private everJoined = false;
  private closedAt: number | null = null;
  private stopped = false;
  private epoch = '';
  private firstJoin!: () => void;

  constructor(
    private readonly url: string,
    private readonly roomId: string,
    private readonly token: string,
  ) {}

  start(): Promise<void> {
    const joined = new Promise<void>((r) => (this.firstJoin = r));
    this.connect();
    return joined;
  }

  send(text: string): void {
    const clientMsgId = randomUUID();
    this.pending.set(clientMsgId, text);
    if (this.joined) this.push(clientMsgId, text);
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.url, ['bearer', this.token]);
    this.ws = ws;
    ws.on('open', () => {
      const last = Math.max(0, ...this.seqs.keys());
      const since = this.everJoined ? { since: { epoch: this.epoch, seq: last } } : {};
      ws.send(JSON.stringify({ type: 'join_room', roomId: this.roomId, ...since }));
    });
    ws.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as Frame));
    ws.on('error', (err) => {
      const status = /Unexpected server response: (\d+)/.exec(err.message)?.[1];
      if (status) this.refused.set(Number(status), (this.refused.get(Number(status)) ?? 0) + 1);
    });
    ws.on('close', (_code, reason) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.joined) this.closes++;
      this.joined = false;
      this.closedAt ??= Date.now();
      if (this.stopped) return;
      setTimeout(() => this.connect(), retryHintMs(reason.toString()) ?? 200);
    });
  }

  private push(clientMsgId: string, text: string): void {
    this.ws?.send(JSON.stringify({ type: 'send_message', roomId: this.roomId, text, clientMsgId }));
  }

  private receive(m: { id: string; seq: number }): void {
    if (this.seqs.has(m.seq)) this.duplicates++;
    else this.seqs.set(m.seq, m.id);
  }

  private onFrame(f: Frame): void {
    if (f.type === 'room_event' && f.event === 'joined') {
      if (this.everJoined && !f.recovered) this.unrecovered++;
      this.epoch = (f as { room?: { epoch: string } }).room?.epoch ?? this.epoch;
      for (const m of f.messages ?? []) this.receive(m);
      this.joined = true;
      if (this.closedAt !== null) this.reconnectMs.push(Date.now() - this.closedAt);
      this.closedAt = null;
      if (!this.everJoined) this.firstJoin();
      this.everJoined = true;
      for (const [id, text] of this.pending) this.push(id, text);
    } else if (f.type === 'room_event' && f.event === 'message') {
      this.receive(f.message!);
    } else if (f.type === 'room_event' && (f.event === 'participant_left' || f.event === 'participant_joined')) {
      if (this.everJoined) this.presence.push(f.event);
    } else if (f.type === 'ack') {
      this.acked.set(f.clientMsgId!, f.seq!);
      this.pending.delete(f.clientMsgId!);
    } else if (f.type === 'error' && f.clientMsgId && this.pending.has(f.clientMsgId)) {
      // Not stored (rate limit, storage, or sent as the socket was moving): the same id again, later.
      const id = f.clientMsgId;
      setTimeout(() => this.joined && this.pending.has(id) && this.push(id, this.pending.get(id)!), f.retryAfterMs ?? 500);
    }
  }
}

/** Waits until `ok()` holds, checking every 50 ms; throws with `what` after `withinMs`. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await sleep(50);
  }
}

/** Acknowledged messages that some member of the sender's room never received (one per message and member). */
export function lostDeliveries<R>(members: { client: MovingClient; room: R }[]): number {
  let lost = 0;
  for (const { client, room } of members) {
    for (const seq of client.acked.values()) {
      for (const other of members) if (other.room === room && !other.client.seqs.has(seq)) lost++;
    }
  }
  return lost;
}
