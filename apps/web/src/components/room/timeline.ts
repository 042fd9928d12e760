import type { ChatMessage } from '@mugharred/protocol';
import type { Notice, PendingMessage, RoomState } from '../../lib/room-state.js';

export type TimelineItem =
  | { kind: 'message'; key: string; message: ChatMessage; startsGroup: boolean }
  | { kind: 'notice'; key: string; notice: Notice }
  | { kind: 'pending'; key: string; pending: PendingMessage }
  | { kind: 'unread'; key: string };

/** Messages from one person within this span share one name line. */
const GROUP_MS = 5 * 60_000;

/**
 * Stored messages in room order with room notices woven in by time, then this tab's unsent messages. With
 * `unreadAfter`, a divider goes before the first message after that seq.
 */
export function buildTimeline(state: RoomState, unreadAfter: number | null = null): TimelineItem[] {
  const items: TimelineItem[] = [];
  const notices = state.notices;
  let n = 0;
  let prev: ChatMessage | undefined;
  let divided = false;
  for (const message of state.log.messages) {
    while (n < notices.length && notices[n]!.ts < message.ts) {
      const notice = notices[n++]!;
      items.push({ kind: 'notice', key: notice.id, notice });
      prev = undefined;
    }
    if (unreadAfter !== null && message.seq > unreadAfter && !divided) {
      divided = true;
      items.push({ kind: 'unread', key: 'unread' });
      prev = undefined;
    }
    const startsGroup = !prev || prev.userId !== message.userId || message.ts - prev.ts > GROUP_MS;
    items.push({ kind: 'message', key: `${message.epoch}:${message.seq}`, message, startsGroup });
    prev = message;
  }
  for (; n < notices.length; n++) items.push({ kind: 'notice', key: notices[n]!.id, notice: notices[n]! });
  for (const pending of state.pending) {
    if (!pending.id || !state.log.messages.some((m) => m.id === pending.id)) {
      items.push({ kind: 'pending', key: pending.clientMsgId, pending });
    }
  }
  return items;
}
