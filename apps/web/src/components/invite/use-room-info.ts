import type { PublicRoomInfo } from '@mugharred/protocol';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api.js';

export type RoomInfoState =
  | { kind: 'loading' }
  | { kind: 'found'; info: PublicRoomInfo }
  | { kind: 'missing' }
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
        if (err instanceof ApiError && err.status === 404) setState({ kind: 'missing' });
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
