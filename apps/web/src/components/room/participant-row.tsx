import type { Participant } from '@mugharred/protocol';
import { useState } from 'react';
import type { RoomClient } from '../../lib/room-client.js';
import { Avatar } from '../ui/avatar.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { CloseIcon, MicIcon, MicOffIcon } from '../ui/icons.js';
import { useHostAction } from './use-host-action.js';

interface ParticipantRowProps {
  participant: Participant;
  isMe: boolean;
  canKick: boolean;
  /** Talking in the room's voice right now. */
  speaking: boolean;
  client: RoomClient;
}

function presence(p: Participant, speaking: boolean): string {
  if (!p.online) return 'Away';
  if (!p.voice) return 'Online';
  if (p.voice.muted) return 'In voice · muted';
  return speaking ? 'Speaking' : 'In voice';
}

export function ParticipantRow({ participant, isMe, canKick, speaking, client }: ParticipantRowProps) {
  const [confirming, setConfirming] = useState(false);
  const { run, busy, error } = useHostAction(client);
  const inVoice = participant.online && participant.voice !== undefined;
  return (
    <li
      data-voice={inVoice ? (participant.voice?.muted ? 'muted' : 'on') : 'off'}
      data-speaking={speaking}
      className="group flex items-center gap-3 rounded-xl px-3 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-800/60"
    >
      <span className={`rounded-full ring-2 ring-offset-2 ring-offset-white transition dark:ring-offset-zinc-900 ${speaking ? 'ring-emerald-500' : 'ring-transparent'}`}>
        <Avatar id={participant.id} name={participant.name} online={participant.online} size="sm" />
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-1.5 text-sm">
          <span className="truncate font-medium" dir="auto">
            {participant.name}
          </span>
          {isMe && <span className="shrink-0 text-zinc-600 dark:text-zinc-400">(you)</span>}
          {participant.role === 'host' && (
            <span className="shrink-0 rounded-md bg-brand-500/10 px-1.5 py-0.5 text-[10px] font-semibold tracking-wide text-brand-700 uppercase dark:text-brand-400">
              Host
            </span>
          )}
        </p>
        <p className={`flex items-center gap-1 text-xs ${speaking ? 'font-medium text-emerald-700 dark:text-emerald-400' : 'text-zinc-600 dark:text-zinc-400'}`}>
          {inVoice && (participant.voice?.muted ? <MicOffIcon className="size-3.5 shrink-0" /> : <MicIcon className="size-3.5 shrink-0" />)}
          {presence(participant, speaking)}
        </p>
        {error && <p role="alert" className="text-xs text-red-600 dark:text-red-400">{error}</p>}
      </div>
      {canKick && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void run((api, roomId, token) => api.makeHost(roomId, participant.id, token))}
          aria-label={`Make host: ${participant.name}`}
          className="rounded-lg px-2 py-1 text-xs font-medium text-brand-700 opacity-100 transition hover:bg-brand-500/10 focus-visible:opacity-100 lg:opacity-0 lg:group-hover:opacity-100 dark:text-brand-400"
        >
          Make host
        </button>
      )}
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
