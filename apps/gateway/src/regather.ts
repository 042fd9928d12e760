/**
 * A replica keeps a room's sockets against another replica's claim this long after the edge last routed the room
 * here: the most a room can move back and forth while the edge's choice changes (a replica restarting, or one
 * failing connects so the edge skips it).
 */
export const REGATHER_HOLD_MS = 3000;
/** The moved sockets are closed at random within this long, so the owner takes them in a stream. */
export const REGATHER_SPREAD_MS = 1500;
/** A replica announces a room at most this often: the first routed upgrade is the one that moves the others. */
const ANNOUNCE_EVERY_MS = 1000;

/** A socket that can be sent to another replica (Session.moveOut: 1012 with a reconnect hint). */
interface Movable {
  moveOut(): void;
}

export interface RegatherHost {
  readonly replicaId: string;
  draining(): boolean;
  /** Every socket of the room on this replica, joined or not yet. */
  socketsIn(roomId: string): Movable[];
  announce(roomId: string): void;
  moved(roomId: string, sockets: number): void;
}

/**
 * Regathers rooms split by a restart. The edge hashes each room to a replica; while that replica is down its
 * members land on the next one on the ring, and when it is back, new joiners go to it while the others stay put,
 * so the room would cost two subscriptions per message until everyone reconnects. A fresh upgrade that the edge
 * routed by the room is the edge's current choice for it: the replica announces the room on its channel, and any
 * other replica holding sockets of it moves them (closing them as a drain does: the members stay shown online
 * through the presence grace and come back with `since`), so they reconnect through the edge to the announcer.
 * A replica the edge routed the room to itself after the notice, or within REGATHER_HOLD_MS, keeps its sockets
 * until the hold is over and the notice still the newer: the room moves at most once per hold, never back and
 * forth at once. A room on one replica moves nothing: its replica hears only its own notice.
 */
export class Regather {
  /** When the edge last routed each room here (kept 2 holds: older ones decide nothing). */
  private readonly routedAt = new Map<string, number>();
  private readonly announcedAt = new Map<string, number>();
  /**
   * Rooms with a newer claim elsewhere, waiting for this replica's hold of them to end, then while their sockets
   * are being moved: further notices of the room change nothing meanwhile.
   */
  private readonly busy = new Map<string, NodeJS.Timeout>();

  constructor(private readonly host: RegatherHost) {}

  /** A socket of `roomId` came through the edge, routed by its room. */
  routedHere(roomId: string): void {
    const now = Date.now();
    this.routedAt.set(roomId, now);
    if (now - (this.announcedAt.get(roomId) ?? -Infinity) < ANNOUNCE_EVERY_MS) return;
    this.announcedAt.set(roomId, now);
    this.host.announce(roomId);
  }

  /** Another replica's announcement of `roomId` (this replica hears its own too, and ignores it). */
  servedBy(roomId: string, replicaId: string): void {
    if (replicaId === this.host.replicaId || this.host.draining() || this.busy.has(roomId)) return;
    const noticeAt = Date.now();
    const holdEnds = (this.routedAt.get(roomId) ?? -Infinity) + REGATHER_HOLD_MS;
    this.busyFor(roomId, Math.max(0, holdEnds - noticeAt), () => this.yieldRoom(roomId, noticeAt));
  }

  private busyFor(roomId: string, ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      this.busy.delete(roomId);
      then();
    }, ms);
    timer.unref();
    this.busy.set(roomId, timer);
  }

  private yieldRoom(roomId: string, noticeAt: number): void {
    // The edge sent the room here again since the notice: it is contested, and the other side yields instead.
    if ((this.routedAt.get(roomId) ?? -Infinity) > noticeAt || this.host.draining()) return;
    const sockets = this.host.socketsIn(roomId);
    if (sockets.length === 0) return;
    this.host.moved(roomId, sockets.length);
    for (const s of sockets) setTimeout(() => s.moveOut(), Math.random() * REGATHER_SPREAD_MS).unref();
    this.busyFor(roomId, REGATHER_SPREAD_MS, () => undefined);
  }

  /** Forgets routes too old to decide anything; run every hold. */
  prune(): void {
    const before = Date.now() - 2 * REGATHER_HOLD_MS;
    for (const [roomId, at] of this.routedAt) if (at < before) this.routedAt.delete(roomId);
    for (const [roomId, at] of this.announcedAt) if (at < before) this.announcedAt.delete(roomId);
  }

  stop(): void {
    for (const timer of this.busy.values()) clearTimeout(timer);
    this.busy.clear();
  }
}
