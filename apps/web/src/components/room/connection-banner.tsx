import type { RoomState } from '../../lib/room-state.js';
import { useNow } from '../../lib/use-now.js';
import { WifiOffIcon } from '../ui/icons.js';

/** Says when the tab is not live, and when it will try again. */
export function ConnectionBanner({ state }: { state: RoomState }) {
  useNow();
  // The shared clock ticks once a second and may be most of a second old; a retry countdown needs the real time.
  const now = Date.now();
  let text: string | null = null;
  let wait = 0;
  if (state.status === 'connecting' && state.room) text = 'Connecting…';
  if (state.status === 'reconnecting') {
    text = 'Connection lost. Reconnecting…';
    wait = state.retryAt ? Math.ceil((state.retryAt - now) / 1000) : 0;
  }
  return (
    <div role="status" aria-live="polite">
      {text && (
        <p className="flex items-center justify-center gap-2 border-b border-zinc-200 bg-zinc-100 px-4 py-2 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300">
          <WifiOffIcon />
          {text}
          {/* The seconds tick visibly only; a screen reader hears the state change once. */}
          {wait > 1 && <span aria-hidden="true">next try in {wait}s</span>}
        </p>
      )}
    </div>
  );
}
