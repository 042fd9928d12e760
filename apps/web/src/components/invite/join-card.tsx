import type { PublicRoomInfo } from '@mugharred/protocol';
import { useCallback, useState, type FormEvent } from 'react';
import { api } from '../../lib/api.js';
import { enterRoom } from '../../lib/enter-room.js';
import { identityToken } from '../../lib/identity.js';
import { describeRemaining } from '../../lib/format.js';
import { navigate } from '../../lib/router.js';
import { loadName, type RoomSession } from '../../lib/session-store.js';
import { useAction } from '../../lib/use-action.js';
import { Button } from '../ui/button.js';
import { FormError } from '../ui/form-error.js';
import { MicIcon } from '../ui/icons.js';
import { NameField } from '../ui/name-field.js';
import { MicCheckDialog } from '../voice/mic-check-dialog.js';
import { RoomFacts } from './room-facts.js';
import { WaitingCard } from './waiting-card.js';

interface JoinCardProps {
  info: PublicRoomInfo;
  now: number;
  onJoined: (session: RoomSession) => void;
  onRefused: () => void;
}

export function JoinCard({ info, now, onJoined, onRefused }: JoinCardProps) {
  const [name, setName] = useState(loadName);
  const [waiting, setWaiting] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [checkingMic, setCheckingMic] = useState(false);
  const { run, busy, error } = useAction();
  const full = info.participantCount >= info.maxParticipants;
  // A locked room takes requests to enter; a room that admits one by one takes nothing else.
  const asks = info.lobby || info.isLocked;
  const blocked = full ? 'This room is full. When someone leaves, you can join: this page updates by itself.' : null;
  const onStop = useCallback((why: string | null) => {
    setWaiting(false);
    setRefusal(why);
  }, []);

  if (waiting) return <WaitingCard roomId={info.id} roomName={info.name} name={name} onJoined={onJoined} onStop={onStop} />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    void run(async () => {
      const reply = await api.joinRoom(info.id, name, await identityToken(name), asks);
      if ('token' in reply) onJoined(enterRoom(reply.token, name));
      else setWaiting(true);
    }, onRefused);
  };

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
        <>
          <p role="status" className="mt-6 rounded-xl border border-amber-200 bg-amber-50 px-3.5 py-3 text-sm text-amber-800 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-300">
            {blocked}
          </p>
          <Button variant="secondary" className="mt-4 w-full" onClick={() => navigate('/')}>
            Start your own room
          </Button>
        </>
      ) : (
        <div className="mt-6 space-y-4">
          {asks && (
            <p className="rounded-xl border border-zinc-200 bg-zinc-50 px-3.5 py-3 text-sm text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-300">
              {info.isLocked
                ? 'The host has locked this room. You can ask to enter: the host sees your name and lets you in or not.'
                : 'The host lets people in one by one: ask to enter, and the host sees your name and lets you in or not.'}
            </p>
          )}
          <NameField value={name} onChange={setName} placeholder="How others will see you" autoFocus />
          <FormError message={error ?? refusal} />
          <Button type="submit" size="lg" className="w-full" disabled={busy || !name.trim()}>
            {busy ? (asks ? 'Asking…' : 'Joining…') : asks ? 'Ask to enter' : 'Join room'}
          </Button>
          {info.voice && (
            <Button variant="ghost" size="sm" className="w-full" onClick={() => setCheckingMic(true)}>
              <MicIcon />
              Check your microphone for voice
            </Button>
          )}
          <MicCheckDialog open={checkingMic} onClose={() => setCheckingMic(false)} />
        </div>
      )}
    </form>
  );
}
