import type { ChatMessage } from '@mugharred/protocol';

/**
 * The messages a client holds for one room, in the room's total order (epoch, seq), each exactly once.
 * Immutable: every change returns a new log, so React sees a new reference.
 */
export interface MessageLog {
  epoch: string;
  messages: readonly ChatMessage[];
}

export const emptyLog = (epoch = ''): MessageLog => ({ epoch, messages: [] });

/** Replaces the log with a snapshot (a `joined` reply with recovered:false). */
export function replaceLog(epoch: string, messages: readonly ChatMessage[]): MessageLog {
  return mergeInto(emptyLog(epoch), messages);
}

/** Adds messages of the log's epoch that it does not hold yet; others are ignored. */
export function mergeInto(log: MessageLog, incoming: readonly ChatMessage[]): MessageLog {
  let messages = log.messages as ChatMessage[];
  let copied = false;
  for (const m of incoming) {
    if (m.epoch !== log.epoch) continue;
    const last = messages[messages.length - 1];
    if (!copied) {
      messages = [...messages];
      copied = true;
    }
    if (!last || m.seq > last.seq) {
      messages.push(m);
      continue;
    }
    const at = lowerBound(messages, m.seq);
    if (messages[at]?.seq !== m.seq) messages.splice(at, 0, m);
  }
  return copied ? { epoch: log.epoch, messages } : log;
}

/** The position to send as `since` on reconnect: the last message held. */
export function lastPosition(log: MessageLog): { epoch: string; seq: number } | undefined {
  const last = log.messages[log.messages.length - 1];
  return last ? { epoch: log.epoch, seq: last.seq } : undefined;
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
