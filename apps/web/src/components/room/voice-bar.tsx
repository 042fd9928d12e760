import type { VoiceClient } from '../../lib/voice/voice-client.js';
import { useVoiceState } from '../../lib/voice/use-voice.js';
import { useState } from 'react';
import { Button } from '../ui/button.js';
import { MicCheckDialog } from '../voice/mic-check-dialog.js';
import { HeadphonesIcon, LeaveIcon, MicIcon, MicOffIcon } from '../ui/icons.js';

/** The room's voice for this person: join, mute, leave, and in words what is going on when it does not work. */
export function VoiceBar({ voice, live }: { voice: VoiceClient; live: boolean }) {
  const state = useVoiceState(voice);
  const on = state.status === 'on';
  const [checking, setChecking] = useState(false);
  return (
    <section
      aria-label="Voice"
      className="flex shrink-0 flex-wrap items-center gap-2 border-t border-zinc-200 px-3 py-2 sm:px-6 dark:border-zinc-800"
    >
      {on ? (
        <>
          <span className="inline-flex items-center gap-1.5 text-sm font-medium text-emerald-700 dark:text-emerald-400">
            <span className="size-2 animate-pulse rounded-full bg-emerald-500" aria-hidden="true" />
            In voice{state.muted ? ' · muted' : ''}
          </span>
          <span className="flex-1" />
          <Button variant="secondary" size="sm" aria-pressed={state.muted} onClick={() => voice.setMuted(!state.muted)}>
            {state.muted ? <MicOffIcon /> : <MicIcon />}
            {state.muted ? 'Unmute' : 'Mute'}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => voice.leave()}>
            <LeaveIcon />
            Leave voice
          </Button>
        </>
      ) : (
        <>
          <Button variant="secondary" size="sm" disabled={!live || state.status === 'joining'} onClick={() => void voice.join()}>
            <HeadphonesIcon />
            {state.status === 'joining' ? 'Joining voice…' : 'Join voice'}
          </Button>
          <Button variant="ghost" size="sm" disabled={state.status === 'joining'} onClick={() => setChecking(true)}>
            <MicIcon />
            Check microphone
          </Button>
          <p role="status" className={`min-w-0 flex-1 text-xs ${state.status === 'failed' ? 'text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`}>
            {state.error ?? (state.status === 'joining' ? 'Asking for your microphone and connecting…' : 'Talk with everyone in the room.')}
          </p>
        </>
      )}
      <MicCheckDialog open={checking} onClose={() => setChecking(false)} onJoin={live ? () => void voice.join() : undefined} />
    </section>
  );
}
