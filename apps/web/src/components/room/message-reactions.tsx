import type { Reaction } from '@mugharred/protocol';
import { useRef, useState } from 'react';

/** How long a press on a reaction is held to show who reacted (touch screens have no hover). */
const LONG_PRESS_MS = 450;

const names = (r: Reaction, me: string) => r.users.map((u) => (u.id === me ? 'you' : u.name)).join(', ');

function ReactionChip({ reaction, me, onToggle }: { reaction: Reaction; me: string; onToggle: (on: boolean) => void }) {
  const mine = reaction.users.some((u) => u.id === me);
  const [showWho, setShowWho] = useState(false);
  const press = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const longPressed = useRef(false);
  const who = names(reaction, me);
  return (
    <span className="relative">
      <button
        type="button"
        aria-pressed={mine}
        aria-label={`${reaction.emoji} ${reaction.users.length}: ${who}`}
        title={who}
        data-emoji={reaction.emoji}
        onMouseEnter={() => setShowWho(true)}
        onMouseLeave={() => setShowWho(false)}
        onPointerDown={() => {
          longPressed.current = false;
          press.current = setTimeout(() => {
            longPressed.current = true;
            setShowWho(true);
          }, LONG_PRESS_MS);
        }}
        onPointerUp={() => clearTimeout(press.current)}
        onClick={() => {
          if (longPressed.current) return;
          onToggle(!mine);
        }}
        className={`inline-flex h-7 items-center gap-1 rounded-full border px-2 text-sm tabular-nums transition ${
          mine
            ? 'border-brand-400 bg-brand-50 text-brand-800 dark:border-brand-500/60 dark:bg-brand-500/15 dark:text-brand-200'
            : 'border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300'
        }`}
      >
        <span>{reaction.emoji}</span>
        <span className="text-xs">{reaction.users.length}</span>
      </button>
      {showWho && (
        <span role="tooltip" className="absolute bottom-full left-0 z-10 mb-1 w-max max-w-56 rounded-lg bg-zinc-900 px-2 py-1 text-xs text-white shadow-lg">
          {who}
        </span>
      )}
    </span>
  );
}

/** The reactions under a message: counts, who reacted on hover or long press, and a tap toggles one's own. */
export function MessageReactions({ reactions, me, onToggle }: { reactions: readonly Reaction[]; me: string; onToggle: (emoji: string, on: boolean) => void }) {
  return (
    <div className="mt-1 flex flex-wrap gap-1" aria-label="Reactions">
      {reactions.map((r) => (
        <ReactionChip key={r.emoji} reaction={r} me={me} onToggle={(on) => onToggle(r.emoji, on)} />
      ))}
    </div>
  );
}
