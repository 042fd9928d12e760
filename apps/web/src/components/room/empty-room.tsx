import { CopyInviteButton } from './copy-invite-button.js';

/** What a fresh room shows: how to bring people in. */
export function EmptyRoom({ roomId }: { roomId: string }) {
  return (
    <div className="mx-auto mt-16 max-w-sm px-6 text-center">
      <div className="mx-auto mb-4 flex size-14 items-center justify-center rounded-2xl bg-gradient-to-br from-brand-500/15 to-cyan-400/15 text-2xl" aria-hidden="true">
        👋
      </div>
      <h2 className="text-lg font-semibold tracking-tight">It is quiet in here</h2>
      <p className="mt-1.5 text-sm text-zinc-500 dark:text-zinc-400">
        Share the invite link and say hello. Messages last only as long as the room does.
      </p>
      <div className="mt-5 flex justify-center">
        <CopyInviteButton roomId={roomId} variant="secondary" />
      </div>
    </div>
  );
}
