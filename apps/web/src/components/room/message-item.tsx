import type { ChatMessage } from '@mugharred/protocol';
import { memo } from 'react';
import { formatTime } from '../../lib/format.js';
import { Avatar } from '../ui/avatar.js';
import { MessageText } from './message-text.js';

interface MessageItemProps {
  message: ChatMessage;
  own: boolean;
  startsGroup: boolean;
}

/**
 * One stored message: others' on the left with their name, this person's own on the right in the brand colour.
 * Memoised: stored messages never change, so a new message renders one item, not the whole history.
 */
export const MessageItem = memo(function MessageItem({ message, own, startsGroup }: MessageItemProps) {
  const who = own ? 'You' : message.name;
  return (
    <li
      data-kind="message"
      data-seq={message.seq}
      className={`flex animate-fade-in gap-2.5 px-4 sm:px-6 ${own ? 'flex-row-reverse' : ''} ${startsGroup ? 'mt-4' : 'mt-1'}`}
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
        <div
          className={`rounded-2xl px-3.5 py-2 ${
            own
              ? 'rounded-tr-md bg-brand-600 text-white'
              : 'rounded-tl-md bg-zinc-100 text-zinc-900 dark:bg-zinc-800/80 dark:text-zinc-100'
          }`}
        >
          <MessageText text={message.text} own={own} />
        </div>
      </div>
    </li>
  );
});
