import type { PublicRoomInfo } from '@mugharred/protocol';
import { ClockIcon, HeadphonesIcon, LockIcon, UsersIcon } from '../ui/icons.js';

/** Who hosts, headcount, time left, voice and lock state of a room, as chips; then who is inside, when shown. */
export function RoomFacts({ info, remaining }: { info: PublicRoomInfo; remaining: string }) {
  const full = info.participantCount >= info.maxParticipants;
  const chip = 'inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium';
  return (
    <>
      {info.hostName && (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Hosted by <span className="font-medium text-zinc-900 dark:text-zinc-100" dir="auto">{info.hostName}</span>
        </p>
      )}
      <ul className="mt-4 flex flex-wrap gap-2" aria-label="About this room">
        <li className={`${chip} ${full ? 'bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'}`}>
          <UsersIcon className="size-3.5" />
          {info.participantCount} of {info.maxParticipants} {full ? '· full' : 'in the room'}
        </li>
        <li className={`${chip} bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300`}>
          <ClockIcon className="size-3.5" />
          {remaining} left
        </li>
        <li className={`${chip} bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300`}>
          <HeadphonesIcon className="size-3.5" />
          {info.voice ? 'Voice on' : 'Chat only'}
        </li>
        {info.isLocked && (
          <li className={`${chip} bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300`}>
            <LockIcon className="size-3.5" />
            Locked
          </li>
        )}
      </ul>
      {info.people && info.people.length > 0 && (
        <div className="mt-4">
          <h2 className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Inside now</h2>
          <ul className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Inside now">
            {info.people.map((name, i) => (
              <li key={`${i}-${name}`} className="max-w-full truncate rounded-full border border-zinc-200 px-2.5 py-0.5 text-xs dark:border-zinc-700" dir="auto">
                {name}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
