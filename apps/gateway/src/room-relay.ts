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

/** Room history (messages and changes to them) and its epoch, as the relay needs them. */
export interface HistorySource {
  after(roomId: string, afterSeq: number, uptoSeq?: number): Promise<StreamEvent[]>;
  /** The room's epoch now, or null when the room is gone. */
  epoch(roomId: string): Promise<string | null>;
  /** Moves the room to a new epoch unless it already left `seenEpoch`; resolves to its epoch now (renewEpoch). */
  renewEpoch(roomId: string, seenEpoch: string): Promise<string | null>;
}

/** What a joiner's `joined` reply carries, read from Redis in the same step as its presence (presence-join). */
export interface Snapshot {
  /** The epoch the snapshot was read in. */
  epoch: string;
  messages: ChatMessage[];
  /** Changes after the client's `since` (recovered only). */
  changes: MessageChangeEvent[];
  recovered: boolean;
  /** The room's seq when the snapshot was read: every event up to it is in the snapshot or was before it. */
  seq: number;
}

const frameOf = (roomId: string, e: StreamEvent): string => ('message' in e ? messageFrame(roomId, e.message) : encode(e.change));

/** Write times of the newest delivered events, kept to tell a live duplicate from a different event (a failover). */
const RECENT = 64;

type Task = () => void | Promise<void>;

/** The joiner's snapshot belongs to an epoch the room has left: it must rejoin. */
export class EpochChangedError extends Error {
  constructor() {
    super("the room's history was reset while the member joined");
  }
}

/**
 * Delivers one room's traffic to this replica's sockets, in seq order, exactly once each.
 * Pub/sub is the fast path only: a seq gap, or a catch-up after a Redis reconnect, is filled from the room's
 * history. Joins run in the same serial queue as deliveries, so a joiner's snapshot and the live stream meet
 * without a gap or a duplicate. Every frame is encoded and framed once and the same bytes go to every member.
 *
 * History can also go back: a Redis failover can lose events members were already shown, and the new master then
 * numbers new events with the same seqs. The relay notices when an event arrives under a seq it delivered with
 * another write time, when Redis's newest seq falls below what it delivered, or when the event it delivered last
 * is not what Redis holds under its seq: the room then moves to a new epoch and every member rejoins with
 * `recovered: false` (close 4005), never keeping the lost events or missing the new ones in silence.
 *
 * Forwarded frames (presence, lock, expiring) wait up to `coalesceMs`, and of the participants lists in that
 * time only the newest goes out: a burst of joins in a room of n costs each member one write, not 2n. Anything
 * else flushes them first, so members still see every event in the order it was published.
 */
export class RoomRelay {
  readonly members = new Set<RelayMember>();
  /** Joins in progress: the relay stays subscribed while any member or pending join holds it. */
  pendingJoins = 0;
  /** The room's epoch, known once a member has joined. */
  epoch = '';
  /** Known once a member has joined; the relay outlives neither. */
  expiresAt = 0;
  /** Settles when this replica's subscription to the room is in place. */
  subscribed: Promise<void> = Promise.resolve();
  /** The highest seq delivered (or skipped as part of every member's snapshot); -1 until known. */
  private lastSeq = -1;
  /** seq and write time of recently delivered events, by seq % RECENT. */
  private readonly recentSeq = new Float64Array(RECENT).fill(-1);
  private readonly recentAt = new Float64Array(RECENT);
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
    if (env.kind === 'message') this.run(() => this.deliverMessage(env.seq, env.at, env.frame));
    else if (env.kind === 'control') this.run(() => this.control(env.frame));
    else if (env.kind === 'reset') this.run(() => this.applyReset(env.epoch));
    else if (env.kind === 'forward' || env.kind === 'participants') this.run(() => this.hold(env.frame, env.kind === 'participants'));
  }

  /** Stops the coalescing timer; the relay is being dropped. */
  close(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  /** The highest seq delivered so far; a catch-up takes it as it was when its read of the room's seq went out. */
  get delivered(): number {
    return this.lastSeq;
  }

  /** The write time of the event delivered last (0 when unknown), to check against Redis after a reconnect. */
  get deliveredAt(): number {
    return this.recentAtOf(this.lastSeq) ?? 0;
  }

  /**
   * Fills from history whatever pub/sub lost, up to `latest`, the room's seq read from Redis when this relay
   * had delivered up to `deliveredWhenAsked`. A `latest` below that means Redis lost writes members were
   * already shown (a master failed before its replica had them): the history is reset. So is a write time
   * `atInRedis` of event `deliveredWhenAsked` other than `atDelivered` (what was delivered under that seq): the
   * new master took as many new events as were lost. A `latest` between `deliveredWhenAsked` and what is
   * delivered now is only an old answer: the reply and the live stream come over two connections, and during a
   * failover the read is retried for up to seconds while the room goes on.
   */
  catchUp(latest: number, deliveredWhenAsked: number, check?: { atDelivered: number; atInRedis: number | null }): void {
    this.run(() => {
      if (this.lastSeq < 0) return;
      if (latest < deliveredWhenAsked) return this.resetHistory(`history went back from ${deliveredWhenAsked} to ${latest}`);
      if (check && check.atDelivered > 0 && check.atInRedis !== check.atDelivered) {
        return this.resetHistory(`event ${deliveredWhenAsked} is not the one delivered`);
      }
      if (latest > this.lastSeq) return this.fill(latest);
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
          if (!(await this.sameEpoch(snap.epoch))) throw new EpochChangedError();
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
          this.epoch = snap.epoch;
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

  private deliverMessage(seq: number, at: number, frame: Buffer): void | Promise<void> {
    this.flush();
    if (this.lastSeq >= 0) {
      if (seq <= this.lastSeq) {
        const delivered = this.recentAtOf(seq);
        if (delivered && at && delivered !== at) return this.resetHistory(`event ${seq} arrived again, written at another time`);
        return;
      }
      if (seq > this.lastSeq + 1) return this.fill(seq - 1).then(() => this.deliverMessage(seq, at, frame));
    }
    this.lastSeq = seq;
    this.recentSeq[seq % RECENT] = seq;
    this.recentAt[seq % RECENT] = at;
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

  /**
   * Delivers events lastSeq+1..upto from history. It reads from the last delivered one when its write time is
   * known, and resets the history when Redis holds another event under that seq.
   */
  private async fill(upto: number): Promise<void> {
    try {
      const last = this.lastSeq;
      const lastAt = this.recentAtOf(last);
      const events = await this.history.after(this.roomId, lastAt ? last - 1 : last, upto);
      if (lastAt) {
        const first = events.shift();
        if (first?.seq !== last || (first.at && first.at !== lastAt)) return await this.resetHistory(`event ${last} is not the one delivered`);
      }
      for (const e of events) this.deliverMessage(e.seq, e.at, Buffer.from(frameOf(this.roomId, e)));
      if (this.lastSeq < upto) throw new Error(`history ends at ${this.lastSeq}, wanted ${upto}`);
    } catch (err) {
      this.dropMembers(err, upto);
    }
  }

  /** A hole we cannot fill must never pass silently: members reconnect and recover with `since`. */
  private dropMembers(err: unknown, seq: number): void {
    this.onError(err, 'gap fill failed');
    this.letGo('internalError');
    this.lastSeq = seq;
  }

  /**
   * Redis lost events this relay delivered: the room moves to a new epoch (the first replica to notice picks it)
   * before anyone is let go, so a member that rejoins cannot recover against the old one.
   */
  private async resetHistory(why: string): Promise<void> {
    this.onError(new Error(why), 'room history went back; resetting its epoch');
    const epoch = await this.history.renewEpoch(this.roomId, this.epoch);
    this.applyReset(epoch ?? this.epoch, true);
  }

  /** Every member rejoins (4005) and gets the room's history as it now is. */
  private applyReset(epoch: string, always = false): void {
    if (!always && epoch === this.epoch) return;
    this.epoch = epoch;
    this.flush();
    this.letGo('historyReset');
    this.lastSeq = -1;
    this.recentSeq.fill(-1);
  }

  /** Closes every member's socket: they reconnect and rejoin with `since`. */
  private letGo(reason: CloseName): void {
    for (const m of [...this.members]) m.closeFor(reason);
    this.members.clear();
  }

  /**
   * Whether a joiner's snapshot was read in the relay's epoch. When they differ, Redis says which is current: a
   * snapshot from before a reset is refused (the joiner rejoins), and a relay that missed a reset applies it.
   */
  private async sameEpoch(snapEpoch: string): Promise<boolean> {
    if (this.epoch === '' || snapEpoch === this.epoch) return true;
    const current = await this.history.epoch(this.roomId);
    if (current !== null && current !== this.epoch) this.applyReset(current);
    return snapEpoch === current;
  }

  private recentAtOf(seq: number): number | undefined {
    return seq >= 0 && this.recentSeq[seq % RECENT] === seq ? this.recentAt[seq % RECENT] : undefined;
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
