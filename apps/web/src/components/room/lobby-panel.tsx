import type { LobbyState } from '@mugharred/protocol';
import { useEffect, useId, useState } from 'react';
import { api } from '../../lib/api.js';
import type { RoomClient } from '../../lib/room-client.js';
import type { RoomState } from '../../lib/room-state.js';
import { Avatar } from '../ui/avatar.js';
import { Button } from '../ui/button.js';
import { useHostAction } from './use-host-action.js';

/**
 * For the host: who asks to enter, each with Admit and Decline. Live from the room's `lobby` events; a tab that
 * has heard none yet (just opened, or just made host) asks the API once.
 */
export function LobbyPanel({ client, state }: { client: RoomClient; state: RoomState }) {
  const [fetched, setFetched] = useState<LobbyState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { run, busy, error } = useHostAction(client);
  const titleId = useId();
  const isHost = state.room?.hostId === client.me.userId;
  const roomId = client.me.roomId;
  useEffect(() => {
    if (!isHost) return;
    let alive = true;
    api.lobby(roomId, client.token).then(
      (lobby) => alive && setFetched(lobby),
      (err: unknown) => alive && setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      alive = false;
    };
  }, [isHost, roomId, client]);
  const lobby = state.lobby ?? fetched;
  if (!isHost || !lobby || (lobby.waiting.length === 0 && !loadError)) return null;
  return (
    <section aria-labelledby={titleId} className="mx-2 mt-3 rounded-2xl border border-amber-200 bg-amber-50 px-3 py-3 dark:border-amber-500/30 dark:bg-amber-500/10">
      <h2 id={titleId} className="px-1 text-sm font-semibold text-amber-900 dark:text-amber-200">
        Asking to enter ({lobby.waiting.length})
      </h2>
      {(error ?? loadError) && (
        <p role="alert" className="px-1 text-xs text-red-700 dark:text-red-300">
          {error ?? loadError}
        </p>
      )}
      <ul className="mt-2 space-y-1" aria-live="polite">
        {lobby.waiting.map((k) => (
          <li key={k.id} className="flex items-center gap-2 rounded-xl px-1 py-1">
            <Avatar id={k.id} name={k.name} size="sm" />
            <span className="min-w-0 flex-1 truncate text-sm font-medium" dir="auto">
              {k.name}
            </span>
            <Button size="sm" disabled={busy} aria-label={`Admit ${k.name}`} onClick={() => void run((a, id, token) => a.admit(id, k.id, token))}>
              Admit
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={busy}
              aria-label={`Decline ${k.name}`}
              onClick={() => void run((a, id, token) => a.decline(id, k.id, token))}
            >
              Decline
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
