import type { Notice } from '../../lib/room-state.js';

/** A line about the room itself, centred between messages. */
export function NoticeItem({ notice }: { notice: Notice }) {
  return (
    <li data-kind="notice" className="mt-4 flex justify-center px-4">
      <span className="rounded-full bg-zinc-100 px-3 py-1 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
        {notice.text}
      </span>
    </li>
  );
}
