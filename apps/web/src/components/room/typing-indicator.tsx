import type { Typist } from '../../lib/room-state.js';
import { useNow } from '../../lib/use-now.js';

function sentence(names: string[]): string {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/** "Amira is typing…", gone a few seconds after the last signal (LIMITS.typingShownMs). */
export function TypingIndicator({ typing }: { typing: readonly Typist[] }) {
  const now = useNow();
  const names = typing.filter((t) => t.until > now).map((t) => t.name);
  return (
    <p aria-live="polite" data-typing className="h-5 shrink-0 truncate px-4 text-xs text-zinc-500 sm:px-6 dark:text-zinc-400">
      {names.length > 0 && sentence(names)}
    </p>
  );
}
