import type { ChatMessage, CloseName, MessageChangeEvent } from '@mugharred/protocol';
import type { Envelope, StreamEvent } from '@mugharred/redis-schema';
import { encode, messageFrame } from './frames.js';
import { wsTextFrame } from './ws-frame.js';
import { gatewayMetrics } from './metrics.js';

/** One local socket in a room, as the relay sees it. */
export interface RelayMember {
  readonly userId: string;
  /** Messages with seq <= floor were in this member's `joined` reply; the relay skips them. */
  floor: number;
  /** Writes ready WebSocket frame bytes (one frame or several in a row) to the member's socket. */
  write(wire: Buffer): void;
  closeFor(reason: CloseName): void;
}

/** Room history (messages and changes to them), as the relay needs it. */
export interface HistorySource {
  after(roomId: string, afterSeq: number, uptoSeq?: number): Promise<StreamEvent[]>;
}

/** What a joiner's `joined` reply carries, read from Redis in the same step as its presence (presence-join). */
export interface Snapshot {
  messages: ChatMessage[];
  /** Changes after the client's `since` (recovered only). */
  changes: MessageChangeEvent[];
  recovered: boolean;
  /** The room's seq when the snapshot was read: every event up to it is in the snapshot or was before it. */
  seq: number;
}

const frameOf = (roomId: string, e: StreamEvent): string => ('message' in e ? messageFrame(roomId, e.message) : encode(e.change));

type Task = () => void | Promise<void>;

/**
 * Delivers one room's traffic to this replica's sockets, in seq order, exactly once each.
 * Pub/sub is the fast path only: a seq gap, or a catch-up after a Redis reconnect, is filled from the room's
 * history. Joins run in the same serial queue as deliveries, so a joiner's snapshot and the live stream meet
 * without a gap or a duplicate. Every frame is encoded and framed once and the same bytes go to every member.
 *
 * Forwarded frames (presence, lock, expiring) wait up to `coalesceMs`, and of the participants lists in that
 * time only the newest goes out: a burst of joins in a room of n costs each member one write, not 2n. Anything
 * else flushes them first, so members still see every event in the order it was published.
 */
export class RoomRelay {
  readonly members = new Set<RelayMember>();
  /** Joins in progress: the relay stays subscribed while any member or pending join holds it. */
  pendingJoins = 0;
  /** Known once a member has joined; the relay outlives neither. */
  epoch = '';
  expiresAt = 0;
  /** Settles when this replica's subscription to the room is in place. */
  subscribed: Promise<void> = Promise.resolve();
  /** The highest seq delivered (or skipped as part of every member's snapshot); -1 until known. */
  private lastSeq = -1;
  private queue: Task[] = [];
  private busy = false;
  private forwards: Buffer[] = [];
  private newestList: Buffer | null = null;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly roomId: string,
    private readonly history: HistorySource,
    private readonly coalesceMs: number,
    private readonly onError: (err: unknown, what: string) => void,
    private readonly onControl: (relay: RoomRelay, frame: Record<string, unknown>) => void,
  ) {}

  get holders(): number {
    return this.members.size + this.pendingJoins;
  }

  onEnvelope(env: Envelope): void {
    if (env.kind === 'message') this.run(() => this.deliverMessage(env.seq, env.frame));
    else if (env.kind === 'control') this.run(() => this.control(env.frame));
    else this.run(() => this.hold(env.frame, env.kind === 'participants'));
  }

  /** Stops the coalescing timer; the relay is being dropped. */
  close(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  /** The highest seq delivered so far (-1 until known): taken just before reading the room's seq for catchUp. */
  get delivered(): number {
    return this.lastSeq;
  }

  /**
   * Fills from history whatever pub/sub lost, up to `latest` (the room's current seq, read after this relay had
   * delivered up to `deliveredBeforeRead`). The read's reply and pub/sub arrive on two connections, so messages
   * published after the read may be delivered before its reply: a `latest` below what members have been shown
   * is a stale read, not lost history, unless it is below what they had been shown before the read was sent.
   * That means Redis lost acknowledged writes (a master failed before its replica had them, with
   * WAIT_REPLICAS 0): members are closed so they rejoin with `since` and get `recovered: false`.
   */
  catchUp(latest: number, deliveredBeforeRead: number): void {
    this.run(() => {
      if (this.lastSeq < 0) return;
      if (latest > this.lastSeq) return this.fill(latest);
      if (latest < Math.min(this.lastSeq, deliveredBeforeRead)) {
        this.dropMembers(new Error(`history went back from ${this.lastSeq} to ${latest}`), latest);
      }
    });
  }

  /**
   * Adds a member with the snapshot read when it joined. Messages this relay delivered since that read (the
   * snapshot and the live stream race on two Redis connections) are added to the snapshot from history, and
   * older ones are skipped for this member, so it sees each message exactly once. `reply` runs inside the
   * queue, so the joined frame precedes any live message.
   */
  join(member: RelayMember, snap: Snapshot, reply: (snap: Snapshot) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.run(async () => {
        try {
          if (this.lastSeq > snap.seq) {
            const missed = await this.history.after(this.roomId, snap.seq, this.lastSeq);
            if (missed.length !== this.lastSeq - snap.seq) throw new Error(`history lacks events ${snap.seq + 1}..${this.lastSeq}`);
            const messages = [...snap.messages];
            const changes = [...snap.changes];
            for (const e of missed) {
              if ('message' in e) messages.push(e.message);
              else changes.push(e.change);
            }
            snap = { ...snap, messages, changes, seq: this.lastSeq };
          }
          member.floor = snap.seq;
          if (this.lastSeq < 0) this.lastSeq = snap.seq;
          this.members.add(member);
          reply(snap);
          resolve();
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  membersOf(userId: string): RelayMember[] {
    return [...this.members].filter((m) => m.userId === userId);
  }

  private hold(frame: Buffer, isList: boolean): void {
    if (isList) this.newestList = frame;
    else this.forwards.push(frame);
    if (this.coalesceMs === 0) return this.flush();
    this.flushTimer ??= setTimeout(() => this.run(() => this.flush()), this.coalesceMs);
  }

  /** Sends the held frames to every member (new members too: a frame is never missed, at worst seen twice). */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const frames = this.newestList ? [...this.forwards, this.newestList] : this.forwards;
    if (frames.length === 0) return;
    this.forwards = [];
    this.newestList = null;
    this.broadcast(Buffer.concat(frames.map(wsTextFrame)));
  }

  private deliverMessage(seq: number, frame: Buffer): void | Promise<void> {
    this.flush();
    if (this.lastSeq >= 0) {
      if (seq <= this.lastSeq) return;
      if (seq > this.lastSeq + 1) return this.fill(seq - 1).then(() => this.deliverMessage(seq, frame));
    }
    this.lastSeq = seq;
    const wire = wsTextFrame(frame);
    let sockets = 0;
    for (const m of this.members) {
      if (seq > m.floor) {
        m.write(wire);
        sockets++;
      }
    }
    gatewayMetrics.delivered(this.roomId, frame, sockets);
  }

  private async fill(upto: number): Promise<void> {
    try {
      const missed = await this.history.after(this.roomId, this.lastSeq, upto);
      for (const e of missed) this.deliverMessage(e.seq, Buffer.from(frameOf(this.roomId, e)));
      if (this.lastSeq < upto) throw new Error(`history ends at ${this.lastSeq}, wanted ${upto}`);
    } catch (err) {
      this.dropMembers(err, upto);
    }
  }

  /** A hole we cannot fill must never pass silently: members reconnect and recover with `since`. */
  private dropMembers(err: unknown, seq: number): void {
    this.onError(err, 'gap fill failed');
    for (const m of [...this.members]) m.closeFor('internalError');
    this.members.clear();
    this.lastSeq = seq;
  }

  private broadcast(wire: Buffer): void {
    for (const m of this.members) m.write(wire);
  }

  private control(frame: Buffer): void {
    this.flush();
    this.broadcast(wsTextFrame(frame));
    try {
      this.onControl(this, JSON.parse(frame.toString()) as Record<string, unknown>);
    } catch (err) {
      this.onError(err, 'bad control event');
    }
  }

  private run(task: Task): void {
    if (this.busy) {
      this.queue.push(task);
      return;
    }
    this.exec(task);
  }

  private exec(task: Task): void {
    let result: void | Promise<void>;
    try {
      result = task();
    } catch (err) {
      this.onError(err, 'relay task failed');
      return;
    }
    if (!result) return;
    this.busy = true;
    result
      .catch((err: unknown) => this.onError(err, 'relay task failed'))
      .finally(() => {
        this.busy = false;
        while (!this.busy && this.queue.length) this.exec(this.queue.shift()!);
      });
  }
}
