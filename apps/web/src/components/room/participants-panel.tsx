import { useId } from 'react';
import type { RoomClient } from '../../lib/room-client.js';
import type { RoomState } from '../../lib/room-state.js';
import { useVoiceState } from '../../lib/voice/use-voice.js';
import { EntrySettings } from './entry-settings.js';
import { LobbyPanel } from './lobby-panel.js';
import { ParticipantRow } from './participant-row.js';

/** Everyone holding a place in the room: online first, the host on top, with the count against capacity. */
export function ParticipantsPanel({ client, state }: { client: RoomClient; state: RoomState }) {
  const people = [...state.participants].sort(
    (a, b) => Number(b.online) - Number(a.online) || Number(b.role === 'host') - Number(a.role === 'host') || a.name.localeCompare(b.name),
  );
  const isHost = state.room?.hostId === client.me.userId;
  const { talking } = useVoiceState(client.voice);
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="flex min-h-0 flex-1 flex-col">
      {isHost && state.room && <EntrySettings client={client} room={state.room} />}
      <LobbyPanel client={client} state={state} />
      <div className="flex items-baseline justify-between px-5 pt-5 pb-3">
        <h2 id={titleId} className="text-sm font-semibold">
          People
        </h2>
        {state.room && (
          <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400" aria-label={`${state.participants.length} of ${state.room.maxParticipants} places taken`}>
            {state.participants.length} / {state.room.maxParticipants}
          </span>
        )}
      </div>
      <ul className="min-h-0 flex-1 space-y-0.5 overflow-y-auto px-2 pb-4" aria-label="Participants">
        {people.map((p) => (
          <ParticipantRow
            key={p.id}
            participant={p}
            isMe={p.id === client.me.userId}
            canKick={isHost && p.id !== client.me.userId}
            // Janus's talking counts only for someone the room sees live in voice: a dropped connection clears it.
            speaking={p.online && p.voice !== undefined && !p.voice.muted && talking.has(p.id)}
            client={client}
          />
        ))}
      </ul>
    </section>
  );
}
