import { LIMITS } from '@mugharred/protocol/constants';
import type { ChatMessage } from '@mugharred/protocol';
import { memo } from 'react';
import { formatTime } from '../../lib/format.js';
import { Avatar } from '../ui/avatar.js';
import type { ConversationActions } from './conversation-actions.js';
import { MessageReactions } from './message-reactions.js';
import { MessageText } from './message-text.js';
import { MessageToolbar } from './message-toolbar.js';
import { ReplyQuote } from './reply-quote.js';

interface MessageItemProps {
  message: ChatMessage;
  own: boolean;
  startsGroup: boolean;
  /** This person's user id (for their own reactions). */
  me: string;
  /** The message @mentions this person: it stands out for them. */
  mentioned: boolean;
  isHost: boolean;
  actions: ConversationActions;
}

/**
 * One stored message: others' on the left with their name, this person's own on the right in the brand colour,
 * with its quote, reactions and actions. Memoised: a message object changes only with the message (an edit, a
 * delete, a reaction), so a new message renders one item, not the whole history.
 */
export const MessageItem = memo(function MessageItem({ message, own, startsGroup, me, mentioned, isHost, actions }: MessageItemProps) {
  const who = own ? 'You' : message.name;
  const live = !message.deleted;
  const canEdit = live && own && Date.now() - message.ts < LIMITS.editWindowMs;
  return (
    <li
      data-kind="message"
      data-seq={message.seq}
      data-mentioned={mentioned || undefined}
      data-deleted={message.deleted || undefined}
      tabIndex={-1}
      className={`group flex animate-fade-in gap-2.5 px-4 outline-none sm:px-6 ${own ? 'flex-row-reverse' : ''} ${startsGroup ? 'mt-4' : 'mt-1'}`}
    >
      {!own && <div className="w-9 shrink-0">{startsGroup && <Avatar id={message.userId} name={message.name} />}</div>}
      <div className={`flex max-w-[min(36rem,80%)] min-w-0 flex-col ${own ? 'items-end' : 'items-start'}`}>
        {startsGroup ? (
          <p className="mb-1 flex items-baseline gap-2 px-1 text-xs">
            <span className="font-semibold text-zinc-800 dark:text-zinc-200">{who}</span>
            <time className="text-zinc-600 dark:text-zinc-400" dateTime={new Date(message.ts).toISOString()}>
              {formatTime(message.ts)}
            </time>
          </p>
        ) : (
          <span className="sr-only">{who}:</span>
        )}
        {live && message.replyTo && <ReplyQuote quote={message.replyTo} own={own} onJump={actions.jumpTo} />}
        <div
          className={`rounded-2xl px-3.5 py-2 ${
            !live
              ? 'border border-dashed border-zinc-300 text-zinc-500 dark:border-zinc-700 dark:text-zinc-400'
              : own
                ? 'rounded-tr-md bg-brand-600 text-white'
                : mentioned
                  ? 'rounded-tl-md bg-amber-100 text-zinc-900 ring-2 ring-amber-400 dark:bg-amber-500/20 dark:text-zinc-100'
                  : 'rounded-tl-md bg-zinc-100 text-zinc-900 dark:bg-zinc-800/80 dark:text-zinc-100'
          }`}
        >
          {live ? <MessageText text={message.text} own={own} /> : <span className="text-sm italic">Message deleted</span>}
        </div>
        {live && message.editedAt && <span className="px-1 text-[11px] text-zinc-400 dark:text-zinc-500">edited</span>}
        {live && message.reactions && (
          <MessageReactions reactions={message.reactions} me={me} onToggle={(emoji, on) => actions.react(message.seq, emoji, on)} />
        )}
      </div>
      {live && <MessageToolbar message={message} me={me} canEdit={canEdit} canDelete={own || isHost} actions={actions} />}
    </li>
  );
});
