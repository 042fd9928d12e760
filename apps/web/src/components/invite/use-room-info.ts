import type { PublicRoomInfo } from '@mugharred/protocol';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api.js';

/** Why a link leads to no room, as the rooms API tells it apart. */
export type MissingReason = 'room_link_invalid' | 'room_not_found' | 'room_expired' | 'room_ended';
const MISSING: readonly string[] = ['room_link_invalid', 'room_not_found', 'room_expired', 'room_ended'] satisfies MissingReason[];

export type RoomInfoState =
  | { kind: 'loading' }
  | { kind: 'found'; info: PublicRoomInfo }
  | { kind: 'missing'; reason: MissingReason }
  | { kind: 'error'; message: string };

/** How often the invite page refreshes the room's headcount and lock state. */
const POLL_MS = 5000;

/** The public facts of a room for its invite page, kept fresh while the page is open. */
export function useRoomInfo(roomId: string): [RoomInfoState, () => void] {
  const [state, setState] = useState<RoomInfoState>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      try {
        const info = await api.roomInfo(roomId);
        if (alive) setState({ kind: 'found', info });
      } catch (err) {
        if (!alive) return;
        if (err instanceof ApiError && MISSING.includes(err.code)) setState({ kind: 'missing', reason: err.code as MissingReason });
        else setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [roomId, tick]);
  return [state, () => setTick((t) => t + 1)];
}
