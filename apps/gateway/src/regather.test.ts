import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Regather, REGATHER_HOLD_MS, REGATHER_SPREAD_MS } from './regather.js';

/** One replica's view: its sockets per room, what it announced and what it moved. */
function replica(id: string, sockets: Record<string, number>) {
  const closed: string[] = [];
  const announced: string[] = [];
  const moves: { roomId: string; sockets: number }[] = [];
  let draining = false;
  const regather = new Regather({
    replicaId: id,
    draining: () => draining,
    socketsIn: (roomId) => Array.from({ length: sockets[roomId] ?? 0 }, () => ({ moveOut: () => closed.push(roomId) })),
    announce: (roomId) => announced.push(roomId),
    moved: (roomId, n) => moves.push({ roomId, sockets: n }),
  });
  return { regather, closed, announced, moves, drain: () => (draining = true) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('regathering a split room', () => {
  it("moves a room's sockets when another replica is routed it, counting them once however many notices come during the move", () => {
    const y = replica('gateway-2', { r: 5 });
    y.regather.servedBy('r', 'gateway-1');
    y.regather.servedBy('r', 'gateway-1');
    vi.advanceTimersByTime(REGATHER_SPREAD_MS);
    expect(y.closed).toEqual(['r', 'r', 'r', 'r', 'r']);
    y.regather.servedBy('r', 'gateway-1');
    vi.advanceTimersByTime(REGATHER_HOLD_MS);
    expect(y.moves).toHaveLength(2);
  });

  it('announces a routed room at most once a second, and ignores its own announcement', () => {
    const x = replica('gateway-1', { r: 3 });
    x.regather.routedHere('r');
    x.regather.routedHere('r');
    vi.advanceTimersByTime(1000);
    x.regather.routedHere('r');
    x.regather.servedBy('r', 'gateway-1');
    vi.advanceTimersByTime(REGATHER_HOLD_MS * 2);
    expect(x.announced).toEqual(['r', 'r']);
    expect(x.moves).toEqual([]);
  });

  it('keeps a room it was routed within the hold until the hold ends, and keeps it when routed again after the notice', () => {
    const y = replica('gateway-2', { r: 4, s: 2 });
    y.regather.routedHere('r');
    y.regather.routedHere('s');
    vi.advanceTimersByTime(1000);
    y.regather.servedBy('r', 'gateway-1');
    y.regather.servedBy('s', 'gateway-1');
    vi.advanceTimersByTime(500);
    y.regather.routedHere('s');
    vi.advanceTimersByTime(REGATHER_HOLD_MS - 1000 - 500 - 1);
    expect(y.moves).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(y.moves).toEqual([{ roomId: 'r', sockets: 4 }]);
    vi.advanceTimersByTime(REGATHER_HOLD_MS);
    expect(y.moves).toEqual([{ roomId: 'r', sockets: 4 }]);
  });

  it('moves nothing while draining: the drain moves every socket anyway', () => {
    const y = replica('gateway-2', { r: 4 });
    y.drain();
    y.regather.servedBy('r', 'gateway-1');
    vi.advanceTimersByTime(REGATHER_HOLD_MS + REGATHER_SPREAD_MS);
    expect(y.moves).toEqual([]);
  });
});
