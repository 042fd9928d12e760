import type { ChatMessage } from '@mugharred/protocol';

/** What the composer's next send does besides posting: answer a message, or replace one's own text. */
export type ComposerTarget = { mode: 'reply' | 'edit'; message: ChatMessage };

/** The line above the text box that says what the next send does, with a way out. */
export function ComposerTargetBar({ target, onCancel }: { target: ComposerTarget; onCancel: () => void }) {
  const { message } = target;
  return (
    <div className="mb-2 flex items-center gap-2 rounded-xl bg-zinc-100 px-3 py-1.5 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-300">
      <span className="min-w-0 flex-1 truncate">
        {target.mode === 'reply' ? (
          <>
            Replying to <strong>{message.name}</strong>: {message.text}
          </>
        ) : (
          <strong>Editing your message</strong>
        )}
      </span>
      <button type="button" onClick={onCancel} className="shrink-0 rounded-md px-1.5 py-0.5 font-medium hover:bg-zinc-200 dark:hover:bg-zinc-800">
        Cancel
      </button>
    </div>
  );
}
