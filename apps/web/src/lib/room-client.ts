import { closeRetry, CLOSE_CODES, retryHintMs } from '@mugharred/protocol/constants';
import type { ClientFrame, ServerFrame } from '@mugharred/protocol';
import { api, ApiError } from './api.js';
import { backoffDelay } from './backoff.js';
import { describeError } from './error-messages.js';
import { applyChanges, emptyLog, lastPosition, mergeInto, replaceLog } from './message-log.js';
import type { EndReason, PendingMessage, RoomState } from './room-state.js';
import { applyRoomEvent } from './room-events.js';
import { clearSession, type RoomSession } from './session-store.js';
import { TokenKeeper } from './token-keeper.js';
import { VoiceClient } from './voice/voice-client.js';
import type { SharedVoice } from './voice/voice-state.js';

/** A connect starts only with a token valid for at least this long. */
const CONNECT_MARGIN_MS = 30_000;
/** Consecutive failed connects after which the client asks whether the room still exists. */
const PROBE_AFTER_FAILURES = 3;

const STOP_REASONS: Record<number, EndReason> = {
  [CLOSE_CODES.kicked.code]: 'kicked',
  [CLOSE_CODES.roomEnded.code]: 'ended',
  [CLOSE_CODES.roomExpired.code]: 'expired',
  [CLOSE_CODES.notMember.code]: 'gone',
};

/**
 * One room's live connection for this tab: one WebSocket, reconnect with backoff and jitter, recovery with
 * `since`, token refresh, and the room's state as an immutable snapshot that components subscribe to.
 * It lives outside React, so renders never open or lose a socket.
 */
export class RoomClient {
  private state: RoomState;
  private readonly listeners = new Set<() => void>();
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private readonly tokens: TokenKeeper;
  /** This tab's voice state as last shared; re-sent after every reconnect, since the gateway forgets it with the socket. */
  private sharedVoice: SharedVoice = { inVoice: false, muted: false };
  /** The room's voice for this tab; it leaves whenever this client stops or is disposed. */
  readonly voice: VoiceClient;

  constructor(
    session: RoomSession,
    private readonly wsUrl: string,
  ) {
    this.tokens = new TokenKeeper(session, {
      refreshed: (token) => this.sendFrame({ type: 'refresh_token', token }),
      lost: (reason) => this.stop(reason),
    });
    this.voice = new VoiceClient({
      roomId: () => this.me.roomId,
      token: () => this.token,
      name: () => this.me.name,
      share: (voice) => {
        this.sharedVoice = voice;
        this.sendVoiceState();
      },
    });
    this.state = {
      status: 'connecting',
      retryAt: null,
      room: null,
      log: emptyLog(),
      participants: [],
      pending: [],
      notices: [],
      typing: [],
      lobby: null,
      expiringAt: null,
      end: null,
      notice: null,
    };
  }

  get me(): RoomSession {
    return this.tokens.session;
  }

  get token(): string {
    return this.tokens.session.token;
  }

  getState = (): RoomState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (this.started) return;
    this.started = true;
    window.addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onOnline);
    this.tokens.start();
    void this.connect();
  }

  /** Sends a message; it stays pending (and is resent with the same clientMsgId after a reconnect) until stored. */
  send(text: string, replyTo?: number): void {
    if (this.state.end) return;
    const pending: PendingMessage = { clientMsgId: crypto.randomUUID(), text, ts: Date.now(), ...(replyTo ? { replyTo } : {}) };
    this.update({ pending: [...this.state.pending, pending], notice: null });
    if (this.state.status === 'open') this.sendPending(pending);
  }

  /** Says this user is typing; the composer calls it on input, at most every LIMITS.typingRepeatMs. */
  typing(): void {
    this.sendFrame({ type: 'typing', roomId: this.me.roomId });
  }

  react(seq: number, emoji: string, on: boolean): void {
    this.sendFrame({ type: on ? 'react' : 'unreact', roomId: this.me.roomId, seq, emoji });
  }

  edit(seq: number, text: string): void {
    this.sendFrame({ type: 'edit_message', roomId: this.me.roomId, seq, text });
  }

  deleteMessage(seq: number): void {
    this.sendFrame({ type: 'delete_message', roomId: this.me.roomId, seq });
  }

  dismissPending(clientMsgId: string): void {
    this.update({ pending: this.state.pending.filter((p) => p.clientMsgId !== clientMsgId) });
  }

  /** Leaves the room for good (frees the place) and stops. */
  leave(): void {
    this.voice.leave();
    if (this.ws?.readyState === WebSocket.OPEN) this.sendFrame({ type: 'leave_room', roomId: this.me.roomId });
    this.stop('left');
  }

  /** Closes this tab's socket without leaving the room (the place is kept; presence goes offline). */
  dispose(): void {
    this.voice.leave();
    this.started = false;
    this.teardown();
  }

  /** Back online, or a tab shown again: do not wait out the backoff. */
  private onOnline = (): void => {
    // Only while waiting out a delay: an attempt in flight (this.ws set) must not get a twin.
    if (this.state.status === 'reconnecting' && !this.ws && document.visibilityState === 'visible') {
      clearTimeout(this.retryTimer);
      void this.connect();
    }
  };

  private async connect(): Promise<void> {
    if (!this.started || this.state.end) return;
    if (!(await this.tokens.ensureValidFor(CONNECT_MARGIN_MS))) return;
    this.update({ status: this.attempt === 0 && !this.state.room ? 'connecting' : 'reconnecting', retryAt: null });
    // The token travels as a subprotocol, so it never appears in a URL or an access log.
    const ws = new WebSocket(this.wsUrl, ['bearer', this.token]);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      const since = lastPosition(this.state.log);
      this.sendFrame({ type: 'join_room', roomId: this.me.roomId, ...(since ? { since } : {}) });
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      try {
        this.onFrame(JSON.parse(ev.data) as ServerFrame);
      } catch {
        // A frame we cannot read is ignored; the server's frames are all JSON.
      }
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      void this.onClose(ev.code, ev.reason, opened);
    };
  }

  private async onClose(code: number, reason: string, opened: boolean): Promise<void> {
    if (!this.started || this.state.end) return;
    if (closeRetry(code) === 'stop') {
      this.stop(STOP_REASONS[code] ?? 'refused');
      return;
    }
    // A socket that never opened may have been refused for this page's origin, which retrying never fixes.
    if (!opened && (await this.originRefused())) {
      this.stop('origin_refused');
      return;
    }
    const hint = retryHintMs(reason);
    if (hint !== null) {
      // A replica moving us (a deploy): come back after its hint, with no backoff and no failure counted.
      this.attempt = 0;
      this.update({ status: 'reconnecting', retryAt: Date.now() + hint });
      this.retryTimer = setTimeout(() => void this.connect(), hint);
      return;
    }
    if (code === CLOSE_CODES.tokenExpired.code && !(await this.tokens.refresh())) return;
    this.attempt += 1;
    if (this.attempt >= PROBE_AFTER_FAILURES && (await this.roomIsGone())) {
      this.stop('gone');
      return;
    }
    const delay = backoffDelay(this.attempt - 1);
    this.update({ status: 'reconnecting', retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'room_event': {
        if (frame.event === 'joined') {
          this.attempt = 0;
          const base = frame.recovered ? mergeInto(this.state.log, frame.messages) : replaceLog(frame.room.epoch, frame.messages);
          const changed = applyChanges(base, frame.changes ?? []);
          const log = { ...changed, seq: Math.max(changed.seq, frame.seq ?? 0) };
          this.update({ status: 'open', retryAt: null, room: frame.room, participants: frame.participants, log });
          this.settlePending();
          this.resendPending();
          if (this.sharedVoice.inVoice) this.sendVoiceState();
          return;
        }
        const result = applyRoomEvent(this.state, frame, this.me.userId);
        this.update(result.patch);
        if (frame.event === 'message') this.settlePending();
        if (result.end) this.stop(result.end);
        return;
      }
      case 'participants_update':
        this.update({ participants: frame.participants });
        return;
      case 'ack':
        this.update({
          pending: this.state.pending.map((p) => (p.clientMsgId === frame.clientMsgId ? { ...p, id: frame.id } : p)),
        });
        this.settlePending();
        return;
      case 'error':
        this.onError(frame.code, frame.message, frame.clientMsgId, frame.retryAfterMs);
        return;
      case 'token_refreshed':
        return;
    }
  }

  private onError(code: string, message: string, clientMsgId?: string, retryAfterMs?: number): void {
    const pending = this.state.pending.find((p) => p.clientMsgId === clientMsgId);
    if (!pending) {
      this.update({ notice: describeError(code, message) });
      return;
    }
    if (code === 'rate_limited' || code === 'storage_unavailable') {
      // Not stored: the same clientMsgId is retried after the delay the server asked for.
      this.update({ notice: describeError(code, message) });
      setTimeout(() => {
        if (this.state.status === 'open' && this.state.pending.some((p) => p.clientMsgId === pending.clientMsgId)) {
          this.sendPending(pending);
        }
      }, retryAfterMs ?? 1000);
      return;
    }
    this.update({
      pending: this.state.pending.map((p) => (p === pending ? { ...p, failed: describeError(code, message) } : p)),
    });
  }

  /** Drops pending entries whose stored message is now in the log. */
  private settlePending(): void {
    if (this.state.pending.length === 0) return;
    const stored = new Set(this.state.log.messages.map((m) => m.id));
    const pending = this.state.pending.filter((p) => !p.id || !stored.has(p.id));
    if (pending.length !== this.state.pending.length) this.update({ pending });
  }

  private resendPending(): void {
    for (const p of this.state.pending) {
      if (p.id || p.failed) continue;
      this.sendPending(p);
    }
  }

  private async originRefused(): Promise<boolean> {
    try {
      await api.originCheck();
      return false;
    } catch (err) {
      return err instanceof ApiError && err.code === 'forbidden_origin';
    }
  }

  private sendPending(p: PendingMessage): void {
    const reply = p.replyTo ? { replyTo: p.replyTo } : {};
    this.sendFrame({ type: 'send_message', roomId: this.me.roomId, text: p.text, clientMsgId: p.clientMsgId, ...reply });
  }

  private async roomIsGone(): Promise<boolean> {
    try {
      await api.roomInfo(this.me.roomId);
      return false;
    } catch (err) {
      return err instanceof ApiError && (err.status === 404 || err.status === 410);
    }
  }

  private stop(reason: EndReason): void {
    if (this.state.end) return;
    this.voice.leave();
    this.teardown();
    // Refused for the page's address, the membership itself is fine: the same browser at the right address rejoins.
    if (reason !== 'origin_refused') clearSession(this.me.roomId);
    this.update({ status: 'ended', end: reason, retryAt: null });
  }

  private teardown(): void {
    clearTimeout(this.retryTimer);
    this.tokens.stop();
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onOnline);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000);
  }

  private sendVoiceState(): void {
    if (this.state.status === 'open') this.sendFrame({ type: 'voice_state', roomId: this.me.roomId, ...this.sharedVoice });
  }

  private sendFrame(frame: ClientFrame): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private update(patch: Partial<RoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
