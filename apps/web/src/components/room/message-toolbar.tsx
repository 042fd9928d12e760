import type { ChatMessage } from '@mugharred/protocol';
import { useState } from 'react';
import { QUICK_REACTIONS, type ConversationActions } from './conversation-actions.js';

interface MessageToolbarProps {
  message: ChatMessage;
  me: string;
  canEdit: boolean;
  canDelete: boolean;
  actions: ConversationActions;
}

const tool = 'inline-flex h-7 min-w-7 items-center justify-center rounded-md px-1.5 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800';

/** Reply, react, edit and delete for one message; shown while the row is hovered or has focus. */
export function MessageToolbar({ message, me, canEdit, canDelete, actions }: MessageToolbarProps) {
  const [picking, setPicking] = useState(false);
  const mine = (emoji: string) => message.reactions?.some((r) => r.emoji === emoji && r.users.some((u) => u.id === me)) ?? false;
  return (
    <div
      role="toolbar"
      aria-label={`Actions for ${message.name}'s message`}
      className="flex items-center gap-0.5 self-center rounded-lg border border-zinc-200 bg-white p-0.5 opacity-0 shadow-sm transition group-focus-within:opacity-100 group-hover:opacity-100 dark:border-zinc-700 dark:bg-zinc-900"
    >
      {picking ? (
        QUICK_REACTIONS.map((emoji) => (
          <button
            key={emoji}
            type="button"
            className={tool}
            aria-label={`React with ${emoji}`}
            onClick={() => {
              setPicking(false);
              actions.react(message.seq, emoji, !mine(emoji));
            }}
          >
            {emoji}
          </button>
        ))
      ) : (
        <>
          <button type="button" className={tool} onClick={() => actions.reply(message)}>
            Reply
          </button>
          <button type="button" className={tool} aria-label="Add a reaction" onClick={() => setPicking(true)}>
            ☺+
          </button>
          {canEdit && (
            <button type="button" className={tool} onClick={() => actions.edit(message)}>
              Edit
            </button>
          )}
          {canDelete && (
            <button type="button" className={`${tool} text-red-600 dark:text-red-400`} onClick={() => actions.remove(message)}>
              Delete
            </button>
          )}
        </>
      )}
    </div>
  );
}
