import { describeRemaining, formatRemaining } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import { ClockIcon } from '../ui/icons.js';

/** The last stretch of a room's life, in which the countdown turns into a warning. */
export const WARNING_MS = 5 * 60_000;

/** Time left until the room expires; amber in the last five minutes (or once the room has warned). */
export function Countdown({ expiresAt, warned }: { expiresAt: number; warned: boolean }) {
  const remaining = expiresAt - useNow();
  const warning = warned || remaining <= WARNING_MS;
  return (
    <div
      role="timer"
      aria-label={`Room closes in ${describeRemaining(remaining)}`}
      className={`inline-flex h-9 shrink-0 items-center gap-1.5 rounded-xl px-2.5 text-sm font-medium tabular-nums ${
        warning
          ? 'bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300'
          : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
      }`}
    >
      <ClockIcon className={warning ? 'size-4 animate-pulse' : 'size-4'} />
      <span>{formatRemaining(remaining)}</span>
    </div>
  );
}
