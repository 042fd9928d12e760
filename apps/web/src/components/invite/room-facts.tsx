import type { PublicRoomInfo } from '@mugharred/protocol';
import { ClockIcon, LockIcon, UsersIcon } from '../ui/icons.js';

/** Headcount, time left and lock state of a room, as chips. */
export function RoomFacts({ info, remaining }: { info: PublicRoomInfo; remaining: string }) {
  const full = info.participantCount >= info.maxParticipants;
  const chip = 'inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium';
  return (
    <ul className="mt-4 flex flex-wrap gap-2" aria-label="About this room">
      <li className={`${chip} ${full ? 'bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'}`}>
        <UsersIcon className="size-3.5" />
        {info.participantCount} of {info.maxParticipants} {full ? '· full' : 'in the room'}
      </li>
      <li className={`${chip} bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300`}>
        <ClockIcon className="size-3.5" />
        {remaining} left
      </li>
      {info.isLocked && (
        <li className={`${chip} bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300`}>
          <LockIcon className="size-3.5" />
          Locked
        </li>
      )}
    </ul>
  );
}
