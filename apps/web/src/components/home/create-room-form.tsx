import { LIMITS, ROOM_DURATIONS_MINUTES } from '@mugharred/protocol/constants';
import type { RoomDurationMinutes } from '@mugharred/protocol';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api.js';
import { enterRoom } from '../../lib/enter-room.js';
import { identityToken } from '../../lib/identity.js';
import { navigate } from '../../lib/router.js';
import { loadName } from '../../lib/session-store.js';
import { useAction } from '../../lib/use-action.js';
import { Button } from '../ui/button.js';
import { ChoiceGroup } from '../ui/choice-group.js';
import { FormError } from '../ui/form-error.js';
import { NameField } from '../ui/name-field.js';
import { TextField } from '../ui/text-field.js';
import { CapacityField } from './capacity-field.js';

const DURATION_LABELS: Record<RoomDurationMinutes, string> = { 15: '15 min', 30: '30 min', 60: '1 hour', 120: '2 hours' };
const DURATIONS = ROOM_DURATIONS_MINUTES.map((m) => ({ value: m, label: DURATION_LABELS[m] }));

export function CreateRoomForm() {
  const [name, setName] = useState(loadName);
  const [roomName, setRoomName] = useState('');
  const [capacity, setCapacity] = useState(8);
  const [duration, setDuration] = useState<RoomDurationMinutes>(30);
  const { run, busy, error } = useAction();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const reply = await api.createRoom({ name: roomName, hostName: name, maxParticipants: capacity, duration }, await identityToken(name));
      enterRoom(reply.token, name);
      navigate(`/r/${reply.roomId}`);
    });
  };

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby="create-room-title"
      className="animate-fade-in rounded-3xl border border-zinc-200 bg-white/85 p-6 shadow-xl shadow-zinc-900/5 backdrop-blur sm:p-8 dark:border-zinc-800 dark:bg-zinc-900/80 dark:shadow-black/20"
    >
      <h2 id="create-room-title" className="text-xl font-semibold tracking-tight">
        Start a room
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">You will be its host. Invite people with a link.</p>
      <div className="mt-6 space-y-5">
        <NameField value={name} onChange={setName} placeholder="e.g. Amira" />
        <TextField
          label="Room name"
          value={roomName}
          onChange={(e) => setRoomName(e.target.value)}
          required
          // The browser counts UTF-16 units, the server code points (an emoji is 2 here, 1 there): the server decides.
          maxLength={LIMITS.rawNameMax}
          placeholder="e.g. Friday planning"
        />
        <CapacityField value={capacity} onChange={setCapacity} />
        <ChoiceGroup label="Room lasts" options={DURATIONS} value={duration} onChange={setDuration} />
        <FormError message={error} />
        <Button type="submit" size="lg" className="w-full" disabled={busy || !name.trim() || !roomName.trim()}>
          {busy ? 'Creating…' : 'Create room'}
        </Button>
      </div>
    </form>
  );
}
