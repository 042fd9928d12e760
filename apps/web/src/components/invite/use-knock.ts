import { LIMITS } from '@mugharred/protocol/constants';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api.js';
import { identityToken } from '../../lib/identity.js';

/** Where a person asking to enter stands: still waiting, let in (with the room token), or refused (why). */
type KnockState = { kind: 'waiting' } | { kind: 'admitted'; token: string } | { kind: 'refused'; message: string };

/**
 * Asks the rooms API again every LIMITS.lobbyPollMs how the request to enter stands (each ask also
 * tells the lobby this page is still open); stops at the first answer that is not "waiting".
 */
export function useKnock(roomId: string, name: string): KnockState {
  const [state, setState] = useState<KnockState>({ kind: 'waiting' });
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      try {
        const reply = await api.joinRoom(roomId, name, await identityToken(name), true);
        if (!alive) return;
        if ('token' in reply) return setState({ kind: 'admitted', token: reply.token });
      } catch (err) {
        if (!alive) return;
        // A dropped request is not an answer: ask again.
        if (err instanceof ApiError && err.code !== 'network') return setState({ kind: 'refused', message: err.message });
      }
      timer = setTimeout(() => void ask(), LIMITS.lobbyPollMs);
    };
    timer = setTimeout(() => void ask(), LIMITS.lobbyPollMs);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [roomId, name]);
  return state;
}
