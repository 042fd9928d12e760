import { LIMITS, type PublicRoomInfo } from '@mugharred/protocol';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api.js';
import { describeRemaining } from '../../lib/format.js';
import { loadName, saveName, saveSession, sessionFromToken, type RoomSession } from '../../lib/session-store.js';
import { Button } from '../ui/button.js';
import { FormError } from '../ui/form-error.js';
import { TextField } from '../ui/text-field.js';
import { RoomFacts } from './room-facts.js';

interface JoinCardProps {
  info: PublicRoomInfo;
  now: number;
  onJoined: (session: RoomSession) => void;
  onRefused: () => void;
}

export function JoinCard({ info, now, onJoined, onRefused }: JoinCardProps) {
  const [name, setName] = useState(loadName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const full = info.participantCount >= info.maxParticipants;
  const blocked = info.isLocked ? 'The host has locked this room: nobody new can join right now.' : full ? 'This room is full.' : null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const reply = await api.joinRoom(info.id, name);
      const session = sessionFromToken(reply.token);
      if (!session) throw new ApiError(500, 'internal', 'The server answered with an unusable token.');
      saveName(name.trim());
      saveSession(session);
      onJoined(session);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');
      setBusy(false);
      onRefused();
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-labelledby="join-title"
      className="mx-auto mt-8 max-w-md animate-fade-in rounded-3xl border border-zinc-200 bg-white/85 p-6 shadow-xl shadow-zinc-900/5 backdrop-blur sm:mt-14 sm:p-8 dark:border-zinc-800 dark:bg-zinc-900/80"
    >
      <p className="text-sm font-medium text-brand-600 dark:text-brand-400">You are invited to</p>
      <h1 id="join-title" className="mt-1 text-2xl font-semibold tracking-tight break-words">
        {info.name}
      </h1>
      <RoomFacts info={info} remaining={describeRemaining(info.expiresAt - now)} />
      {blocked ? (
        <p role="status" className="mt-6 rounded-xl border border-amber-200 bg-amber-50 px-3.5 py-3 text-sm text-amber-800 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-300">
          {blocked}
        </p>
      ) : (
        <div className="mt-6 space-y-4">
          <TextField
            label="Your name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={LIMITS.nameMax}
            autoComplete="nickname"
            placeholder="How others will see you"
            autoFocus
          />
          <FormError message={error} />
          <Button type="submit" size="lg" className="w-full" disabled={busy || !name.trim()}>
            {busy ? 'Joining…' : 'Join room'}
          </Button>
        </div>
      )}
    </form>
  );
}
