import type { ChatMessage } from '@mugharred/protocol';

/** What a message row can ask for; one stable object per room screen, so memoised rows do not re-render. */
export interface ConversationActions {
  reply(message: ChatMessage): void;
  edit(message: ChatMessage): void;
  remove(message: ChatMessage): void;
  react(seq: number, emoji: string, on: boolean): void;
  jumpTo(seq: number): void;
}

/** The emojis offered in one tap; any emoji is accepted on the wire. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '🙏'] as const;
