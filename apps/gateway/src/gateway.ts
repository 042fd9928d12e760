import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { CLOSE_CODES, type CloseName, type RoomClaims } from '@mugharred/protocol';
import {
  announceRoomServed,
  claimSocket,
  getRoom,
  presenceRefresh,
  releaseSocket,
  renewSocketLeases,
  readEventsAfter,
  renewEpoch,
  streamPosition,
  type Envelope,
  type RateBudget,
  type RedisClient,
} from '@mugharred/redis-schema';
import type { Verifier } from '@mugharred/service-kit';
import type { VoiceControl } from '@mugharred/voice';
import type { GatewayConfig } from './config.js';
import { RoomBroker } from './broker.js';
import { nextConnId, type ConnId } from './conn-id.js';
import { MessageCounter } from './message-counter.js';
import { gatewayMetrics } from './metrics.js';
import { Regather, REGATHER_HOLD_MS } from './regather.js';
import { RoomRelay, type HistorySource } from './room-relay.js';
import { Session } from './session.js';
import type { SessionHost } from './session-host.js';
import { batchCommandsPerTurn } from './tick-writes.js';
import { TypingBatcher } from './typing-batcher.js';

/**
 * Heartbeats and presence refreshes go out in this many slices per interval, each socket and room in its own
 * slice, so neither is ever one burst of writes that stalls deliveries (500 pings at once block this event loop
 * for ~15 ms on a 2-core machine). Each socket is still pinged, and each room refreshed, once per interval.
 */
const SLICES = 10;
/** Room ids are random, so their last character spreads rooms evenly over the slices. */
const sliceOfRoom = (roomId: string) => roomId.charCodeAt(roomId.length - 1) % SLICES;

/** What a control event can make a replica do to its local sockets. */
const CLOSE_ON: Record<string, CloseName> = { ended: 'roomEnded', expired: 'roomExpired' };

/**
 * Owns everything one replica holds: its sockets, one relay per room with local members (and the
 * subscription that goes with it), the heartbeat, presence refresh and message counter timers.
 */
export class Gateway implements SessionHost<Session> {
  readonly counter: MessageCounter;
  /** Each member's message budget in a room, shared by their sockets on every replica. */
  readonly budget: RateBudget;
  readonly typing: TypingBatcher;
  private readonly relays = new Map<string, RoomRelay>();
  private readonly sessions = new Set<Session>();
  /**
   * Sockets per user on this replica, joined or not (and those waiting for their lease): a first check before
   * the lease in Redis that counts them on every replica, and the only one while Redis does not answer.
   */
  private readonly userSockets = new Map<string, number>();
  /** How long a socket's lease lives unrenewed: three heartbeat rounds (each socket's is renewed at its ping). */
  private readonly leaseMs: number;
  private readonly broker: RoomBroker;
  private readonly history: HistorySource;
  private readonly timers: NodeJS.Timeout[] = [];
  private pingTick = 0;
  private refreshTick = 0;
  /** Presence writes of closed sockets still in flight: a drain ends only after them. */
  private readonly settling = new Set<Promise<unknown>>();
  /** One timer per room: the sweep that announces members whose grace ran out without them coming back. */
  private readonly sweeps = new Map<string, NodeJS.Timeout>();
  /** Moves sockets of a room split by a restart to the replica the edge routes it to now. */
  private readonly regather: Regather;
  private drained: Promise<void> | null = null;
  /** Set at SIGTERM before any other event is handled: from then on, upgrades are refused. */
  draining = false;

  constructor(
    readonly config: Readonly<GatewayConfig>,
    readonly redis: RedisClient,
    sub: RedisClient,
    readonly jwt: Verifier,
    readonly voice: VoiceControl | null,
    readonly log: FastifyBaseLogger,
  ) {
    batchCommandsPerTurn(redis);
    this.counter = new MessageCounter(redis);
    this.budget = { perSecond: config.ratePerSecond, burst: config.rateBurst };
    this.leaseMs = config.pingIntervalMs * 3;
    this.typing = new TypingBatcher(redis, config.typingCoalesceMs, (err) => log.debug({ err }, 'typing publish failed'));
    this.history = {
      after: (roomId, afterSeq, uptoSeq) => readEventsAfter(redis, roomId, afterSeq, uptoSeq),
      epoch: async (roomId) => (await getRoom(redis, roomId))?.epoch ?? null,
      renewEpoch: (roomId, seenEpoch) => renewEpoch(redis, roomId, seenEpoch),
    };
    this.broker = new RoomBroker(sub, (roomId, env) => this.onEnvelope(roomId, env), () => this.catchUpAll());
    this.regather = new Regather({
      replicaId: config.replicaId,
      draining: () => this.draining,
      socketsIn: (roomId) => [...this.sessions].filter((s) => s.roomId === roomId),
      announce: (roomId) =>
        announceRoomServed(redis, roomId, config.replicaId).catch((err: unknown) =>
          log.debug({ err, roomId }, 'room not announced; the next routed upgrade does it'),
        ),
      moved: (roomId, sockets) => {
        log.info({ event: 'regather', roomId, sockets }, 'room served by another replica now: moving its sockets there');
        gatewayMetrics.regathered(sockets);
      },
    });
    this.timers.push(
      setInterval(() => this.regather.prune(), REGATHER_HOLD_MS),
      setInterval(() => this.pingSlice(this.pingTick++ % SLICES), config.pingIntervalMs / SLICES),
      setInterval(() => this.refreshPresence(this.refreshTick++ % SLICES), config.presenceRefreshMs / SLICES),
      setInterval(() => void this.counter.flush(), 5000),
    );
  }

  get connections(): number {
    return this.sessions.size;
  }

  get roomsServed(): number {
    return this.relays.size;
  }

  /**
   * Counts a new socket of `userId` before its upgrade completes: its connection id, or null when the user already
   * holds maxSocketsPerUser sockets on this replica or, by their leases in Redis, on all of them.
   */
  async admit(userId: string): Promise<ConnId | null> {
    const held = this.userSockets.get(userId) ?? 0;
    if (held >= this.config.maxSocketsPerUser) return null;
    this.userSockets.set(userId, held + 1);
    const conn = nextConnId(this.config.replicaId);
    const claimed = await claimSocket(this.redis, userId, conn.id, this.config.maxSocketsPerUser, this.leaseMs).catch((err: unknown) => {
      this.log.warn({ err, userId }, 'socket lease not taken (Redis); the per-replica count alone applies');
      return true;
    });
    if (claimed) return conn;
    this.release(userId);
    return null;
  }

  /** An admitted socket that went away before its upgrade completed. */
  unadmit(userId: string, conn: ConnId): void {
    this.release(userId);
    this.releaseLease(userId, conn.id);
  }

  /**
   * A socket past its upgrade: a session when it was admitted, else closed with 4003. `routedHere`: the edge
   * routed it by its room, so this replica is where the edge sends the room now (regather.ts).
   */
  accept(ws: WebSocket, socket: Duplex, claims: RoomClaims & { exp: number }, conn: ConnId | null, routedHere = false): void {
    if (!conn) return this.refuseSocket(ws, claims.sub);
    const session = new Session(ws, socket, claims, this, conn);
    this.sessions.add(session);
    if (routedHere && !this.draining) this.regather.routedHere(claims.roomId);
    // An upgrade already past the draining check when the drain began: it moves on like every other socket.
    if (this.draining) session.moveOut();
  }

  private refuseSocket(ws: WebSocket, userId: string): void {
    this.log.warn({ event: 'abuse_close', reason: 'too_many_sockets', userId }, 'socket closed');
    const { code, reason } = CLOSE_CODES.tooManyConnections;
    ws.close(code, reason);
  }

  private release(userId: string): void {
    const held = (this.userSockets.get(userId) ?? 1) - 1;
    if (held > 0) this.userSockets.set(userId, held);
    else this.userSockets.delete(userId);
  }

  /** Keeps the drain waiting for a closed socket's presence write. */
  settle(write: Promise<unknown>): void {
    this.settling.add(write);
    void write.finally(() => this.settling.delete(write));
  }

  /** Announces the leave of members of `roomId` whose grace runs out without them being back. */
  sweepAfterGrace(roomId: string): void {
    const grace = this.config.presenceGraceMs;
    if (grace === 0 || this.draining) return;
    clearTimeout(this.sweeps.get(roomId));
    const timer = setTimeout(() => {
      this.sweeps.delete(roomId);
      presenceRefresh(this.redis, roomId, [], this.config.presenceTtlMs).catch((err: unknown) =>
        this.log.warn({ err, roomId }, 'presence sweep failed; the next refresh of the room does it'),
      );
    }, grace + 50);
    this.sweeps.set(roomId, timer);
  }

  forget(session: Session): void {
    if (!this.sessions.delete(session)) return;
    this.release(session.userId);
    this.releaseLease(session.userId, session.connId);
  }

  private releaseLease(userId: string, connId: string): void {
    releaseSocket(this.redis, userId, connId).catch((err: unknown) => this.log.debug({ err }, 'socket lease not released; it lapses by itself'));
  }

  /** Holds the room's relay for a join in progress, subscribing first when this replica had no member there. */
  async holdRelay(roomId: string): Promise<RoomRelay> {
    let relay = this.relays.get(roomId);
    if (!relay) {
      relay = new RoomRelay(
        roomId,
        this.history,
        this.config.presenceCoalesceMs,
        (err, what) => this.log.error({ err, roomId }, what),
        (r, frame) => this.onControl(r, frame),
      );
      this.relays.set(roomId, relay);
      relay.subscribed = this.broker.subscribe(roomId);
    }
    relay.pendingJoins++;
    try {
      await relay.subscribed;
    } catch (err) {
      this.relays.delete(roomId);
      this.releaseRelay(relay);
      throw err;
    }
    return relay;
  }

  releaseRelay(relay: RoomRelay): void {
    relay.pendingJoins--;
    this.dropIfIdle(relay);
  }

  leaveRelay(session: Session): void {
    const relay = this.relays.get(session.roomId);
    if (!relay?.members.delete(session)) return;
    this.dropIfIdle(relay);
  }

  /**
   * A deploy: refuse new sockets at once, then close every socket with 1012 and a reconnect hint, spread over
   * drainSpreadMs so the other replicas take them in a stream rather than a storm. Each member stays shown
   * online for the presence grace, within which they reappear on another replica, so nobody sees them move.
   * Resolves once every socket is closed and its presence written, or after drainTimeoutMs more, cutting the rest.
   */
  drain(): Promise<void> {
    this.draining = true;
    this.drained ??= this.closeSpread();
    return this.drained;
  }

  private async closeSpread(): Promise<void> {
    const sessions = [...this.sessions];
    const { drainSpreadMs, drainTimeoutMs } = this.config;
    this.log.info({ event: 'drain', sockets: sessions.length, spreadMs: drainSpreadMs }, 'draining: moving every socket to another replica');
    const step = sessions.length > 1 ? drainSpreadMs / (sessions.length - 1) : 0;
    const closers = sessions.map((s, i) => setTimeout(() => s.moveOut(), i * step));
    const deadline = Date.now() + drainSpreadMs + drainTimeoutMs;
    while ((this.sessions.size > 0 || this.settling.size > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const t of closers) clearTimeout(t);
    if (this.sessions.size > 0) this.log.warn({ event: 'drain_cut', sockets: this.sessions.size }, 'drain timed out; cutting the rest');
    for (const s of this.sessions) s.closeFor('serviceRestart', true);
    await Promise.allSettled([...this.settling]);
  }

  /** Drains (if no SIGTERM did) and stops the timers; the app closes the connections after this. */
  async shutdown(): Promise<void> {
    await this.drain();
    for (const t of this.timers) clearInterval(t);
    for (const t of this.sweeps.values()) clearTimeout(t);
    this.regather.stop();
    await this.counter.flush();
  }

  private dropIfIdle(relay: RoomRelay): void {
    if (relay.holders > 0 || this.relays.get(relay.roomId) !== relay) return;
    this.relays.delete(relay.roomId);
    relay.close();
    this.broker.unsubscribe(relay.roomId).catch((err: unknown) => this.log.warn({ err }, 'unsubscribe failed'));
  }

  private onEnvelope(roomId: string, env: Envelope): void {
    if (env.kind === 'served') return this.regather.servedBy(roomId, env.replicaId);
    this.relays.get(roomId)?.onEnvelope(env);
  }

  private onControl(relay: RoomRelay, frame: Record<string, unknown>): void {
    const event = frame.event as string;
    if (event === 'kicked') {
      const userId = frame.userId as string;
      this.log.info({ event: 'kicked', roomId: relay.roomId, userId }, 'member kicked');
      for (const m of relay.membersOf(userId)) m.closeFor('kicked');
    } else if (event === 'participant_left' && (frame as { reason?: string }).reason === 'left') {
      const userId = (frame.participant as { id: string }).id;
      for (const m of relay.membersOf(userId)) m.closeFor('notMember');
    } else if (CLOSE_ON[event]) {
      for (const m of [...relay.members]) m.closeFor(CLOSE_ON[event]);
    }
  }

  /** Pings the slice's sockets and renews their leases, one script per user. */
  private pingSlice(slice: number): void {
    const byUser = new Map<string, string[]>();
    for (const s of this.sessions) {
      if (s.connNumber % SLICES !== slice) continue;
      s.ping();
      if (!this.sessions.has(s)) continue;
      const ids = byUser.get(s.userId);
      if (ids) ids.push(s.connId);
      else byUser.set(s.userId, [s.connId]);
    }
    for (const [userId, connIds] of byUser) {
      renewSocketLeases(this.redis, userId, connIds, this.leaseMs).catch((err: unknown) =>
        this.log.debug({ err, userId }, 'socket leases not renewed; the next round does it'),
      );
    }
  }

  private refreshPresence(slice: number): void {
    for (const relay of this.relays.values()) {
      if (sliceOfRoom(relay.roomId) !== slice) continue;
      const members = [...relay.members].map((m) => (m as Session).presenceMember()).filter((m): m is string => m !== null);
      if (members.length === 0) continue;
      const delivered = relay.delivered;
      presenceRefresh(this.redis, relay.roomId, members, this.config.presenceTtlMs).then(
        (seq) => {
          if (seq >= 0) return relay.catchUp(seq, delivered);
          // The room is gone and its end event never reached us (pub/sub is best effort).
          const reason: CloseName = Date.now() >= relay.expiresAt ? 'roomExpired' : 'roomEnded';
          for (const m of [...relay.members]) m.closeFor(reason);
        },
        (err: unknown) => this.log.warn({ err, roomId: relay.roomId }, 'presence refresh failed'),
      );
    }
  }

  private catchUpAll(): void {
    if (this.relays.size === 0) return;
    this.log.info({ rooms: this.relays.size }, 'resubscribed; filling gaps from history');
    for (const relay of this.relays.values()) {
      const delivered = relay.delivered;
      const atDelivered = relay.deliveredAt;
      streamPosition(this.redis, relay.roomId, delivered).then(
        ({ latest, at }) => relay.catchUp(latest, delivered, { atDelivered, atInRedis: at }),
        (err: unknown) => this.log.warn({ err, roomId: relay.roomId }, 'catch-up failed'),
      );
    }
  }
}
