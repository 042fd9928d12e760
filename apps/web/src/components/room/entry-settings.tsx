import type { Room } from '@mugharred/protocol';
import { useId } from 'react';
import type { RoomClient } from '../../lib/room-client.js';
import { useHostAction } from './use-host-action.js';

/** For the host: how people get in (one by one through the lobby, or straight) and what the invite page shows. */
export function EntrySettings({ client, room }: { client: RoomClient; room: Room }) {
  const { run, busy, error } = useHostAction(client);
  const legendId = useId();
  const option = 'flex items-start gap-2.5 py-1 text-sm';
  const hint = 'block text-xs text-zinc-600 dark:text-zinc-400';
  return (
    <fieldset aria-labelledby={legendId} className="mx-2 mt-3 rounded-2xl border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <legend id={legendId} className="px-1 text-xs font-semibold text-zinc-700 dark:text-zinc-300">
        Who gets in
      </legend>
      <label className={option}>
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-brand-600"
          checked={room.lobby === true}
          disabled={busy}
          onChange={(e) => void run((api, id, token) => api.setLobby(id, e.target.checked, token))}
        />
        <span>
          Admit one by one
          <span className={hint}>People ask to enter; you see each name and admit or decline.</span>
        </span>
      </label>
      <label className={option}>
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-brand-600"
          checked={room.showPeople === true}
          disabled={busy}
          onChange={(e) => void run((api, id, token) => api.showPeople(id, e.target.checked, token))}
        />
        <span>
          Names on invite
          <span className={hint}>The invite page lists who is inside.</span>
        </span>
      </label>
      {error && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
