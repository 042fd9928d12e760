import type { Participant } from '@mugharred/protocol';
import { useState } from 'react';
import type { RoomClient } from '../../lib/room-client.js';
import { Avatar } from '../ui/avatar.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { CloseIcon } from '../ui/icons.js';
import { useHostAction } from './use-host-action.js';

interface ParticipantRowProps {
  participant: Participant;
  isMe: boolean;
  canKick: boolean;
  client: RoomClient;
}

export function ParticipantRow({ participant, isMe, canKick, client }: ParticipantRowProps) {
  const [confirming, setConfirming] = useState(false);
  const { run, busy, error } = useHostAction(client);
  return (
    <li className="group flex items-center gap-3 rounded-xl px-3 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-800/60">
      <Avatar id={participant.id} name={participant.name} online={participant.online} size="sm" />
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-1.5 text-sm">
          <span className="truncate font-medium" dir="auto">
            {participant.name}
          </span>
          {isMe && <span className="shrink-0 text-zinc-400">(you)</span>}
          {participant.role === 'host' && (
            <span className="shrink-0 rounded-md bg-brand-500/10 px-1.5 py-0.5 text-[10px] font-semibold tracking-wide text-brand-700 uppercase dark:text-brand-400">
              Host
            </span>
          )}
        </p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{participant.online ? 'Online' : 'Away'}</p>
        {error && <p role="alert" className="text-xs text-red-600 dark:text-red-400">{error}</p>}
      </div>
      {canKick && (
        <button
          type="button"
          disabled={busy}
          onClick={() => setConfirming(true)}
          aria-label={`Remove ${participant.name}`}
          className="inline-flex size-8 items-center justify-center rounded-lg text-zinc-400 opacity-100 transition hover:bg-red-50 hover:text-red-600 focus-visible:opacity-100 lg:opacity-0 lg:group-hover:opacity-100 dark:hover:bg-red-500/10"
        >
          <CloseIcon />
        </button>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Remove ${participant.name}?`}
        body="They leave the room at once and cannot come back with the same invite."
        confirmLabel="Remove"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void run((api, roomId, token) => api.kick(roomId, participant.id, token));
        }}
      />
    </li>
  );
}
