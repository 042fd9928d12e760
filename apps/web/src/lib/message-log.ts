import type { ChatMessage, MessageChangeEvent } from '@mugharred/protocol';

/**
 * The messages a client holds for one room, in seq order, each exactly once and as it is now (edits, deletes and
 * reactions applied). Immutable: every change returns a new log, so React sees a new reference.
 * `epoch` scopes the position the log is recovered from (`since`). The room's seq keeps counting when its
 * history is reset under a new epoch (close 4005), so messages from before the reset keep their own epoch and
 * their place; the reset itself always comes with a snapshot that replaces the log.
 */
export interface MessageLog {
  epoch: string;
  messages: readonly ChatMessage[];
  /** The newest event of the room's stream this log reflects (messages and changes share the seq). */
  seq: number;
}

export const emptyLog = (epoch = ''): MessageLog => ({ epoch, messages: [], seq: 0 });

/** Replaces the log with a snapshot (a `joined` reply with recovered:false) that brings it up to `seq`. */
export function replaceLog(epoch: string, messages: readonly ChatMessage[], seq = 0): MessageLog {
  const log = mergeInto(emptyLog(epoch), messages);
  return seq > log.seq ? { ...log, seq } : log;
}

/**
 * Applies changes in seq order. Each carries the message as it is after the change, so it replaces the one held;
 * a change to a message this log does not hold (older than its snapshot) only moves the position.
 */
export function applyChanges(log: MessageLog, changes: readonly MessageChangeEvent[]): MessageLog {
  let next = log;
  for (const change of [...changes].sort((a, b) => a.seq - b.seq)) {
    const m = change.message;
    const at = lowerBound(next.messages, m.seq);
    const messages = next.messages[at]?.id === m.id ? next.messages.with(at, m) : next.messages;
    next = { epoch: next.epoch, messages, seq: Math.max(next.seq, change.seq) };
  }
  return next;
}

/** Adds the messages it does not hold yet (by seq). */
export function mergeInto(log: MessageLog, incoming: readonly ChatMessage[]): MessageLog {
  let messages = log.messages as ChatMessage[];
  let copied = false;
  for (const m of incoming) {
    const last = messages[messages.length - 1];
    const at = !last || m.seq > last.seq ? messages.length : lowerBound(messages, m.seq);
    if (messages[at]?.seq === m.seq) continue;
    if (!copied) {
      messages = [...messages];
      copied = true;
    }
    messages.splice(at, 0, m);
  }
  if (!copied) return log;
  const newest = messages[messages.length - 1]?.seq ?? 0;
  return { epoch: log.epoch, messages, seq: Math.max(log.seq, newest) };
}

/** The position to send as `since` on reconnect: the newest event the log reflects. */
export function lastPosition(log: MessageLog): { epoch: string; seq: number } | undefined {
  return log.seq > 0 ? { epoch: log.epoch, seq: log.seq } : undefined;
}

function lowerBound(messages: readonly ChatMessage[], seq: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
