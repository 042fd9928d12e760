import type { ReactNode } from 'react';
import { describeRemaining } from '../../lib/format.js';
import type { RoomState } from '../../lib/room-state.js';
import { useNow } from '../../lib/use-now.js';
import { HourglassIcon } from '../ui/icons.js';
import { WARNING_MS } from './countdown.js';

/** A one-line warning in the room's last minutes, announced once to screen readers, with `offer` (a way to keep a copy). */
export function ExpiryBanner({ state, offer }: { state: RoomState; offer?: ReactNode }) {
  const now = useNow();
  const room = state.room;
  const remaining = room ? room.expiresAt - now : Infinity;
  const show = room !== null && (state.expiringAt !== null || remaining <= WARNING_MS);
  return (
    <div role="status" aria-live="polite">
      {show && (
        <p className="flex flex-wrap items-center justify-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-500/20 dark:bg-amber-500/10 dark:text-amber-200">
          <HourglassIcon />
          {remaining > 0
            ? `This room closes in ${describeRemaining(remaining)}. Every message goes with it.`
            : 'Time is up: this room is closing.'}
          {offer}
        </p>
      )}
    </div>
  );
}
