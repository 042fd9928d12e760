import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import {
  CLOSE_CODES,
  ERRORS,
  LIMITS,
  messageTextProblem,
  REACTION_EMOJI_PATTERN,
  type CloseName,
  type ErrorCode,
  type JoinRoomFrame,
  type MessageChangeFrame,
  type RefreshTokenFrame,
  type RoomClaims,
  type SendMessageFrame,
  type ServerFrame,
  type VoiceStateFrame,
  withRetryHint,
} from '@mugharred/protocol';
import {
  appendMessage,
  changeMessage,
  NotReplicatedError,
  presenceJoin,
  presenceLeave,
  setVoiceState,
  type MessageChange,
} from '@mugharred/redis-schema';
import { checkRoomToken, StorageUnavailable } from '@mugharred/service-kit';
import { describeChangeRefusal } from './change-refusals.js';
import { encode, parseClientFrame, type ParsedFrame } from './frames.js';
import { holdForTurn, releaseNow } from './tick-writes.js';
import { wsTextFrame } from './ws-frame.js';
import { gatewayMetrics } from './metrics.js';
import type { ConnId } from './conn-id.js';
import { EpochChangedError, type RelayMember, type RoomRelay } from './room-relay.js';
import type { SessionHost } from './session-host.js';

type State = 'open' | 'joining' | 'joined' | 'closed';

/** Upper bound of the reconnect hint a draining replica gives: a little jitter on top of its spread closes. */
const MOVE_JITTER_MS = 250;
const reactionEmoji = new RegExp(REACTION_EMOJI_PATTERN, 'u');
/** A client repeats its typing signal every LIMITS.typingRepeatMs; more often than this is dropped here. */
const TYPING_MIN_GAP_MS = LIMITS.typingRepeatMs / 2;

/** Bytes a socket's own buffer may hold before further frames wait in the session's backlog. */
const SOCKET_HIGH_WATER = 64 * 1024;
/** How long a client dropped as too slow has to read its close frame before the connection is cut. */
const SLOW_CLOSE_GRACE_MS = 5000;

/**
 * One connection's life: authenticated at the upgrade -> join_room -> messages -> close.
 * Identity (user, name, room, role) comes from the verified token only.
 */
export class Session implements RelayMember {
  /** This process's count of connections when this one came; also picks its heartbeat slice. */
  readonly connNumber: number;
  readonly connId: string;
  floor = 0;
  /** Cleared at each ping, set by the pong: a socket that misses a whole round is dead. */
  alive = true;
  private state: State = 'open';
  /** Set once a close is under way: nothing more is read or sent. */
  private closing = false;
  private relay: RoomRelay | null = null;
  private joinTimer: NodeJS.Timeout;
  private expiryTimer: NodeJS.Timeout | undefined;
  private invalidFrames = 0;
  private refusals = { windowStart: 0, count: 0 };
  private backlog: Buffer[] | null = null;
  private backlogBytes = 0;
  private lastTyping = 0;
  private childLog: FastifyBaseLogger | undefined;

  constructor(
    private readonly ws: WebSocket,
    /** The TCP socket under `ws`: relays write ready frame bytes to it (see ws-frame.ts). */
    private readonly socket: Duplex,
    private claims: RoomClaims & { exp: number },
    private readonly gw: SessionHost<Session>,
    conn: ConnId,
  ) {
    this.connNumber = conn.number;
    this.connId = conn.id;
    this.joinTimer = setTimeout(() => this.closeFor('joinTimeout'), gw.config.joinTimeoutMs);
    this.armExpiry();
    ws.on('message', (data, isBinary) => this.onFrame(data as Buffer, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', (code) => {
      gatewayMetrics.closed(code);
      void this.onClose();
    });
    ws.on('error', (err) => this.log.debug({ err }, 'socket error'));
  }

  /** Made on first use: most connections never log, and a child logger per socket costs memory. */
  private get log(): FastifyBaseLogger {
    this.childLog ??= this.gw.log.child({ userId: this.userId, roomId: this.roomId, connId: this.connId });
    return this.childLog;
  }

  get userId(): string {
    return this.claims.sub;
  }

  get roomId(): string {
    return this.claims.roomId;
  }

  write(wire: Buffer): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    // Bytes held for this turn (tick-writes.ts) are not the client's to read yet: let them go out first, so what
    // stays in the socket's buffer is what the client has not taken, the measure of a slow reader.
    if (this.backlog === null && this.socket.writableLength > SOCKET_HIGH_WATER) releaseNow(this.socket);
    if (this.backlog === null && this.socket.writableLength <= SOCKET_HIGH_WATER) {
      holdForTurn(this.socket);
      this.socket.write(wire);
    } else this.hold(wire);
  }

  /** Framed here like the relays' frames: one plain write, which costs this process less than ws.send's writev. */
  sendFrame(frame: ServerFrame): void {
    this.write(wsTextFrame(encode(frame)));
  }

  /**
   * Frames for a client that reads slower than the room talks wait here, not in the socket's own buffer, so that
   * when the backlog passes the bound it can be dropped and the 4002 close frame goes out right behind the little
   * (at most SOCKET_HIGH_WATER) the socket already holds: a client that still reads learns why it was cut.
   */
  private hold(wire: Buffer): void {
    if (this.backlog === null) {
      this.backlog = [];
      this.socket.once('drain', () => this.flushBacklog());
    }
    this.backlog.push(wire);
    this.backlogBytes += wire.length;
    if (this.backlogBytes + this.socket.writableLength > this.gw.config.sendBufferMaxBytes) this.dropSlow();
  }

  private flushBacklog(): void {
    const queued = this.backlog;
    this.backlog = null;
    this.backlogBytes = 0;
    if (queued === null || this.closing) return;
    for (const wire of queued) this.write(wire);
  }

  private dropSlow(): void {
    this.log.warn({ event: 'abuse_close', reason: 'slow_consumer', backlogBytes: this.backlogBytes }, 'socket dropped');
    this.backlog = null;
    this.backlogBytes = 0;
    this.closeFor('slowConsumer');
    // A client that reads nothing at all never takes the close frame: it goes after a short grace.
    setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  }

  /** Closes with a code from the protocol table; `hard` also destroys the TCP connection at once. */
  closeFor(reason: CloseName, hard = false, text: string = CLOSE_CODES[reason].reason): void {
    if (this.closing) return;
    this.closing = true;
    releaseNow(this.socket);
    this.ws.close(CLOSE_CODES[reason].code, text);
    if (hard) this.ws.terminate();
  }

  /**
   * The replica is draining: 1012 with a short jittered reconnect hint. The replica already spreads these closes,
   * so the client comes back at once; presence keeps the member shown online for the grace meanwhile.
   */
  moveOut(): void {
    this.closeFor('serviceRestart', false, withRetryHint(CLOSE_CODES.serviceRestart.reason, Math.random() * MOVE_JITTER_MS));
  }

  ping(): void {
    if (!this.alive) {
      this.log.info({ event: 'ping_timeout' }, 'socket closed: no pong');
      this.closeFor('pingTimeout', true);
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  /** Entry for the periodic presence refresh of this replica. */
  presenceMember(): string | null {
    return this.state === 'joined' ? `${this.userId}|${this.connId}` : null;
  }

  private error(
    code: ErrorCode,
    message: string,
    extra: { clientMsgId?: string; retryAfterMs?: number; seq?: number; limit?: string } = {},
  ): void {
    this.sendFrame({ type: 'error', code, message, ...extra });
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    if (this.closing) return;
    const parsed: ParsedFrame = isBinary ? { ok: false, message: 'Binary frames are not accepted' } : parseClientFrame(data.toString());
    if (!parsed.ok) {
      this.error('invalid_frame', parsed.message, parsed.clientMsgId === undefined ? {} : { clientMsgId: parsed.clientMsgId });
      if (++this.invalidFrames > this.gw.config.invalidFrameBudget) {
        this.log.warn({ event: 'abuse_close', reason: 'invalid_frames' }, 'socket closed');
        this.closeFor('policyViolation');
      }
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'typing') return this.typing(frame.roomId);
    const task =
      frame.type === 'join_room'
        ? this.join(frame)
        : frame.type === 'send_message'
          ? this.sendMessage(frame)
          : frame.type === 'leave_room'
            ? this.leave()
            : frame.type === 'voice_state'
              ? this.voiceState(frame)
              : frame.type === 'refresh_token'
                ? this.refresh(frame)
                : this.changeMessage(frame);
    task.catch((err: unknown) => {
      const clientMsgId = frame.type === 'send_message' ? frame.clientMsgId : undefined;
      const extra = clientMsgId ? { clientMsgId } : {};
      // Redis not answering (or not replicating in time) is the client's to retry; anything else is our bug.
      if (err instanceof StorageUnavailable || err instanceof NotReplicatedError) {
        this.log.warn({ err, frame: frame.type }, 'storage unavailable');
        return this.error('storage_unavailable', ERRORS.storage_unavailable.message, extra);
      }
      this.log.error({ err, frame: frame.type }, 'frame handling failed');
      this.error('internal', ERRORS.internal.message, extra);
    });
  }

  private async join(frame: JoinRoomFrame): Promise<void> {
    if (frame.roomId !== this.roomId) {
      this.log.warn({ event: 'wrong_room', roomId: frame.roomId }, 'join refused');
      return this.error('wrong_room', 'This token is for another room');
    }
    if (this.state === 'joining') return this.error('invalid_frame', 'A join is already in progress');
    // A joined client may ask again (it saw a seq gap): it gets a fresh answer from history.
    if (this.state === 'joined') this.gw.leaveRelay(this);
    clearTimeout(this.joinTimer);
    this.state = 'joining';
    const relay = await this.gw.holdRelay(this.roomId).catch((err: unknown) => {
      this.state = 'open';
      throw err;
    });
    try {
      const cfg = this.gw.config;
      const res = await presenceJoin(this.gw.redis, this.entry(), {
        ttlMs: cfg.presenceTtlMs,
        maxSocketsPerUser: cfg.maxSocketsPerUser,
        since: frame.since,
      });
      if (!res.ok) return this.refuseJoin(res.code);
      if (this.state !== 'joining') return;
      const { room, participants } = res;
      relay.expiresAt = room.expiresAt;
      await relay.join(this, { ...res, epoch: room.epoch }, ({ messages, changes, recovered, seq }) => {
        this.state = 'joined';
        this.relay = relay;
        gatewayMetrics.joined('joined');
        this.sendFrame({ type: 'room_event', roomId: this.roomId, event: 'joined', room, participants, messages, changes, seq, recovered });
      });
    } catch (err) {
      if (this.state === 'joining') this.state = 'open';
      if (err instanceof EpochChangedError) return this.closeFor('historyReset');
      throw err;
    } finally {
      this.gw.releaseRelay(relay);
    }
  }

  private refuseJoin(code: 'room_not_found' | 'not_member' | 'too_many'): void {
    this.state = 'open';
    gatewayMetrics.joined(code);
    this.log.warn({ event: 'join_refused', code }, 'join refused');
    if (code === 'too_many') return this.closeFor('tooManyConnections');
    this.error(code === 'room_not_found' ? 'room_not_found' : 'not_member', code === 'room_not_found' ? 'This room has ended or does not exist' : 'You are not a member of this room');
    this.closeFor('notMember');
  }

  private async sendMessage(frame: SendMessageFrame): Promise<void> {
    const { clientMsgId } = frame;
    if (this.state !== 'joined' || frame.roomId !== this.roomId) {
      return this.error('not_joined', 'Join the room before sending', { clientMsgId });
    }
    if (frame.text.trim().length === 0) return this.error('invalid_frame', 'A message cannot be empty', { clientMsgId });
    const problem = messageTextProblem(frame.text);
    if (problem) return this.error('invalid_frame', problem, { clientMsgId });
    // Stored and relayed exactly as typed: `text` is untrusted plain text, and only a client renders it, as text.
    const text = frame.text;
    const res = await appendMessage(
      this.gw.redis,
      {
        roomId: this.roomId,
        userId: this.userId,
        name: this.claims.name,
        clientMsgId,
        text,
        ...(frame.replyTo !== undefined ? { replyTo: frame.replyTo } : {}),
      },
      this.gw.budget,
      this.gw.config.waitReplicas,
    );
    gatewayMetrics.messageIn(res.status);
    if (res.status === 'rate_limited') return this.refuseRate(res.retryAfterMs, { clientMsgId });
    if (res.status === 'refused') {
      if (res.code === 'message_not_found' || res.code === 'message_deleted') {
        const why = res.code === 'message_deleted' ? 'was deleted' : "is not in this room's kept history";
        return this.error(res.code, `The message you reply to ${why}`, { clientMsgId, seq: frame.replyTo });
      }
      return this.error(res.code === 'not_member' ? 'not_member' : 'room_not_found', 'The message was not stored: you are no longer in this room', { clientMsgId });
    }
    if (res.status === 'stored') this.gw.counter.add(1);
    this.sendFrame({ type: 'ack', clientMsgId, id: res.id, seq: res.seq });
  }

  /** Fire and forget: never stored, never acknowledged; the replica publishes a room's typists together. */
  private typing(roomId: string): void {
    if (this.state !== 'joined' || roomId !== this.roomId) return;
    const now = Date.now();
    if (now - this.lastTyping < TYPING_MIN_GAP_MS) return;
    this.lastTyping = now;
    this.gw.typing.note(this.roomId, { id: this.userId, name: this.claims.name });
  }

  private async changeMessage(frame: MessageChangeFrame): Promise<void> {
    const { seq } = frame;
    if (this.state !== 'joined' || frame.roomId !== this.roomId) return this.error('not_joined', 'Join the room first', { seq });
    const base = { roomId: this.roomId, userId: this.userId, seq };
    let change: MessageChange;
    if (frame.type === 'edit_message') {
      if (!frame.text.trim()) return this.error('invalid_frame', 'An edited message cannot be empty', { seq });
      const problem = messageTextProblem(frame.text);
      if (problem) return this.error('invalid_frame', problem, { seq });
      // Kept exactly as typed, like a new message's text.
      change = { ...base, op: 'edit', text: frame.text };
    } else if (frame.type === 'delete_message') {
      change = { ...base, op: 'delete' };
    } else {
      if (!reactionEmoji.test(frame.emoji)) return this.error('invalid_frame', 'A reaction is one emoji', { seq });
      change = { ...base, op: frame.type, emoji: frame.emoji };
    }
    const res = await changeMessage(this.gw.redis, change, this.gw.budget, this.gw.config.waitReplicas);
    if (res.status === 'rate_limited') return this.refuseRate(res.retryAfterMs, { seq });
    if (res.status !== 'refused') return;
    const { code, message } = describeChangeRefusal(res.code, frame, res.limit);
    this.error(code, message, { seq, ...(res.limit ? { limit: res.limit } : {}) });
  }

  private refuseRate(retryAfterMs: number, about: { clientMsgId?: string; seq?: number }): void {
    const now = Date.now();
    const cfg = this.gw.config;
    if (now - this.refusals.windowStart > cfg.floodWindowMs) this.refusals = { windowStart: now, count: 0 };
    if (this.refusals.count++ === 0) this.log.warn({ event: 'rate_limited', retryAfterMs }, 'message refused');
    this.error('rate_limited', 'You are sending too fast', { ...about, retryAfterMs });
    if (this.refusals.count >= cfg.floodRefusals) {
      this.log.warn({ event: 'abuse_close', reason: 'flooding', refusals: this.refusals.count }, 'socket closed');
      this.closeFor('flooding');
    }
  }

  private async leave(): Promise<void> {
    if (this.state !== 'joined') return this.error('not_joined', 'You are not in this room');
    this.state = 'open';
    this.gw.leaveRelay(this);
    await presenceLeave(this.gw.redis, this.entry(), 'left');
    this.closeFor('normal');
    const revoked = await this.gw.voice?.revoke(this.roomId, this.userId);
    if (revoked && !revoked.ok) this.log.warn({ event: 'voice_revoke_failed' }, 'voice access not revoked; Janus drops it within its session timeout');
  }

  private async voiceState(frame: VoiceStateFrame): Promise<void> {
    if (this.state !== 'joined' || frame.roomId !== this.roomId) return this.error('not_joined', 'Join the room first');
    const res = await setVoiceState(this.gw.redis, this.entry(), { inVoice: frame.inVoice, muted: frame.muted });
    if (res !== 'ok') this.error(res === 'room_not_found' ? 'room_not_found' : res === 'not_member' ? 'not_member' : 'not_joined', 'Voice state not recorded');
  }

  private async refresh(frame: RefreshTokenFrame): Promise<void> {
    const res = checkRoomToken(this.gw.jwt, frame.token);
    if (!res.ok) {
      this.log.warn({ event: 'token_refused', code: res.code, via: 'refresh_token' }, 'token refused');
      return this.error(res.code, res.code === 'token_expired' ? 'The new token has already expired' : 'The new token is not valid');
    }
    if (res.claims.sub !== this.userId || res.claims.roomId !== this.roomId) {
      this.log.warn({ event: 'token_refused', code: 'wrong_room', via: 'refresh_token' }, 'token refused');
      return this.error('wrong_room', 'The new token is for another user or room');
    }
    this.claims = res.claims;
    this.armExpiry();
    this.sendFrame({ type: 'token_refreshed', expiresAt: res.claims.exp * 1000 });
  }

  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    const ms = this.claims.exp * 1000 - Date.now();
    this.expiryTimer = setTimeout(() => {
      this.log.info({ event: 'token_expired' }, 'socket closed: token expired');
      this.closeFor('tokenExpired');
    }, Math.max(0, ms));
  }

  private entry() {
    return { roomId: this.roomId, userId: this.userId, connId: this.connId };
  }

  private async onClose(): Promise<void> {
    const wasInRoom = this.state === 'joined' || this.state === 'joining';
    this.state = 'closed';
    this.closing = true;
    clearTimeout(this.joinTimer);
    clearTimeout(this.expiryTimer);
    this.gw.forget(this);
    if (!wasInRoom) return;
    this.gw.leaveRelay(this);
    const write = presenceLeave(this.gw.redis, this.entry(), 'offline', this.gw.config.presenceGraceMs).then(
      () => this.gw.sweepAfterGrace(this.roomId),
      (err: unknown) => this.log.warn({ err }, 'presence leave failed; the entry expires on its own'),
    );
    this.gw.settle(write);
    await write;
  }
}
