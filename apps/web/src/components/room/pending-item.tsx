import type { PendingMessage } from '../../lib/room-state.js';
import { MessageText } from './message-text.js';

/** A message of this tab that is on its way (or was refused, with the reason and a way to dismiss it). */
export function PendingItem({ pending, onDismiss }: { pending: PendingMessage; onDismiss: (clientMsgId: string) => void }) {
  return (
    <li data-kind="pending" className="mt-1 flex flex-row-reverse gap-2.5 px-4 sm:px-6">
      <div className="flex max-w-[min(36rem,80%)] min-w-0 flex-col items-end">
        <div className={`rounded-2xl rounded-tr-md px-3.5 py-2 text-white ${pending.failed ? 'bg-red-700' : 'bg-brand-600'}`}>
          <MessageText text={pending.text} own />
        </div>
        <p className="mt-1 px-1 text-xs text-zinc-500 dark:text-zinc-400">
          {pending.failed ? (
            <>
              <span className="text-red-600 dark:text-red-400">Not sent: {pending.failed}</span>{' '}
              <button type="button" className="underline" onClick={() => onDismiss(pending.clientMsgId)}>
                Dismiss
              </button>
            </>
          ) : (
            'Sending…'
          )}
        </p>
      </div>
    </li>
  );
}
