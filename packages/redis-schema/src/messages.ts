import type { RedisClient } from './client.js';
import { LIMITS, type ChatMessage } from '@mugharred/protocol';
import { channels, keys } from './keys.js';
import { runScript, runScriptReplicated } from './scripts.js';

export interface NewMessage {
  roomId: string;
  epoch: string;
  userId: string;
  name: string;
  clientMsgId: string;
  text: string;
}

/** A sender's message budget in a room, shared by all their sockets there on all replicas. */
export interface RateBudget {
  /** Sustained messages per second. */
  perSecond: number;
  /** Messages that may go at once after a quiet spell. */
  burst: number;
}

export type AppendOutcome =
  | { status: 'stored'; id: string; seq: number }
  | { status: 'duplicate'; id: string; seq: number }
  | { status: 'rate_limited'; retryAfterMs: number }
  | { status: 'refused'; code: 'room_not_found' | 'not_member' };

/**
 * Dedupes, takes one message from the sender's budget, numbers, stores and publishes a message: one atomic
 * step, one round trip. A retry of a stored message returns its original id and seq and costs no budget.
 * With `replicas` > 0 it resolves only once that many of the master's connected replicas hold the message
 * (WAIT, one more round trip) and throws NotReplicatedError otherwise: the message is stored, and a retry
 * acknowledges it once replicated.
 */
export async function appendMessage(
  redis: RedisClient,
  m: NewMessage,
  budget: RateBudget,
  replicas = 0,
): Promise<AppendOutcome> {
  const run = (...a: Parameters<typeof runScript>) =>
    replicas > 0
      ? runScriptReplicated(...a, { replicas, timeoutMs: REPLICATION_TIMEOUT_MS, mustReplicate: isStoredOrDuplicate })
      : runScript(...a);
  const res = (await run(
    redis,
    'sendMessage',
    [keys.room(m.roomId), keys.members(m.roomId), keys.seq(m.roomId), keys.history(m.roomId), keys.senders(m.roomId)],
    [
      m.userId,
      m.clientMsgId,
      m.epoch,
      `"userId":${JSON.stringify(m.userId)},"name":${JSON.stringify(m.name)},"text":${JSON.stringify(m.text)}`,
      `{"type":"room_event","roomId":${JSON.stringify(m.roomId)},"event":"message","message":`,
      channels.room(m.roomId),
      LIMITS.historyKept,
      budget.perSecond,
      budget.burst,
    ],
  )) as [string, (string | number)?, number?];
  if (res[0] === 'ok') return { status: 'stored', id: res[1] as string, seq: res[2]! };
  if (res[0] === 'dup') return { status: 'duplicate', id: res[1] as string, seq: res[2]! };
  if (res[0] === 'rate_limited') return { status: 'rate_limited', retryAfterMs: res[1] as number };
  return { status: 'refused', code: res[0] as 'room_not_found' | 'not_member' };
}

/** How long a send waits for its replicas before it is refused (and retried by the client). */
const REPLICATION_TIMEOUT_MS = 500;

/** Only an acknowledgement needs the message replicated; refusals store nothing. */
const isStoredOrDuplicate = (res: unknown) => Array.isArray(res) && (res[0] === 'ok' || res[0] === 'dup');

type StreamEntry = [id: string, fields: string[]];
const toMessages = (entries: StreamEntry[]) => entries.map(([, f]) => JSON.parse(f[1]!) as ChatMessage);

/** Stored messages with afterSeq < seq <= uptoSeq (to the newest when uptoSeq is omitted), oldest first. */
export async function readMessagesAfter(
  redis: RedisClient,
  roomId: string,
  afterSeq: number,
  uptoSeq?: number,
): Promise<ChatMessage[]> {
  const end = uptoSeq === undefined ? '+' : `${uptoSeq}-0`;
  return toMessages((await redis.xrange(keys.history(roomId), `(${afterSeq}-0`, end)) as StreamEntry[]);
}

/** The seq of the newest stored message (0 before the first). */
export async function latestSeq(redis: RedisClient, roomId: string): Promise<number> {
  return Number((await redis.get(keys.seq(roomId))) ?? 0);
}
