import { randomBytes } from 'node:crypto';
import type { RedisClient } from './client.js';
import { LIMITS, type ChatMessage, type MessageChangeEvent } from '@mugharred/protocol';
import { channels, DEDUP_GENERATION_MS, keys } from './keys.js';
import { runScript, runScriptReplicated } from './scripts.js';

export interface NewMessage {
  roomId: string;
  userId: string;
  name: string;
  clientMsgId: string;
  text: string;
  /** Seq of the message this one replies to. */
  replyTo?: number;
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
  | { status: 'refused'; code: 'room_not_found' | 'not_member' | 'message_not_found' | 'message_deleted' };

/** The keys send-message and change-message use, in their order. */
const conversationKeys = (roomId: string) => [
  keys.room(roomId),
  keys.members(roomId),
  keys.seq(roomId),
  keys.history(roomId),
  keys.senders(roomId),
  keys.changed(roomId),
  keys.sendersBefore(roomId),
];

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
  const res = (await runAcknowledged(
    replicas,
    redis,
    'sendMessage',
    conversationKeys(m.roomId),
    [
      m.userId,
      m.clientMsgId,
      `"userId":${JSON.stringify(m.userId)},"name":${JSON.stringify(m.name)},"text":${JSON.stringify(m.text)}`,
      `{"type":"room_event","roomId":${JSON.stringify(m.roomId)},"event":"message","message":`,
      channels.room(m.roomId),
      LIMITS.historyKept,
      budget.perSecond,
      budget.burst,
      m.replyTo ?? '',
      LIMITS.replyQuoteMax,
      DEDUP_GENERATION_MS,
    ],
  )) as [string, (string | number)?, number?];
  if (res[0] === 'ok') return { status: 'stored', id: res[1] as string, seq: res[2]! };
  if (res[0] === 'dup') return { status: 'duplicate', id: res[1] as string, seq: res[2]! };
  if (res[0] === 'rate_limited') return { status: 'rate_limited', retryAfterMs: res[1] as number };
  return { status: 'refused', code: res[0] as 'room_not_found' | 'not_member' | 'message_not_found' | 'message_deleted' };
}

/** How long a send waits for its replicas before it is refused (and retried by the client). */
const REPLICATION_TIMEOUT_MS = 500;

/** Only an acknowledgement needs the write replicated; refusals and no-ops store nothing. */
const isStoredOrDuplicate = (res: unknown) => Array.isArray(res) && (res[0] === 'ok' || res[0] === 'dup');

/** A script whose result is acknowledged to a client: with `replicas` > 0, once they hold it (WAIT). */
const runAcknowledged = (replicas: number, ...a: Parameters<typeof runScript>) =>
  replicas > 0
    ? runScriptReplicated(...a, { replicas, timeoutMs: REPLICATION_TIMEOUT_MS, mustReplicate: isStoredOrDuplicate })
    : runScript(...a);

/** A change to message `seq`, asked for by `userId` (from the verified token). */
export type MessageChange = { roomId: string; userId: string; seq: number } & (
  | { op: 'edit'; text: string }
  | { op: 'delete' }
  | { op: 'react' | 'unreact'; emoji: string }
);

export type ChangeRefusal =
  | 'room_not_found'
  | 'not_member'
  | 'message_not_found'
  | 'message_deleted'
  | 'not_author'
  | 'edit_window_passed'
  | 'too_many_reactions';

export type ChangeOutcome =
  | { status: 'stored'; seq: number }
  | { status: 'unchanged' }
  | { status: 'rate_limited'; retryAfterMs: number }
  | { status: 'refused'; code: ChangeRefusal; limit?: keyof typeof LIMITS };

/**
 * Edits, deletes, reacts to or unreacts from a message: authorised, limited, numbered as the room's next event,
 * stored and published in one atomic step (change-message-7.lua). It costs the sender one message of budget.
 * `replicas` as for appendMessage.
 */
export async function changeMessage(
  redis: RedisClient,
  c: MessageChange,
  budget: RateBudget,
  replicas = 0,
): Promise<ChangeOutcome> {
  const res = (await runAcknowledged(
    replicas,
    redis,
    'changeMessage',
    conversationKeys(c.roomId),
    [
      c.userId,
      c.op,
      c.seq,
      c.op === 'edit' ? c.text : c.op === 'delete' ? '' : c.emoji,
      channels.room(c.roomId),
      LIMITS.historyKept,
      budget.perSecond,
      budget.burst,
      LIMITS.editWindowMs,
      LIMITS.reactionsPerMessage,
      LIMITS.reactionsPerPerson,
    ],
  )) as [string, (string | number)?];
  if (res[0] === 'ok') return { status: 'stored', seq: res[1] as number };
  if (res[0] === 'noop') return { status: 'unchanged' };
  if (res[0] === 'rate_limited') return { status: 'rate_limited', retryAfterMs: res[1] as number };
  const limit = res[1] as keyof typeof LIMITS | undefined;
  return { status: 'refused', code: res[0] as ChangeRefusal, ...(limit ? { limit } : {}) };
}

/**
 * One event of a room's stream: a message as sent, or a change to one (the frame members received). `at` is its
 * write time in ms (0 for a change stored before it was kept): with `seq`, what tells it from another event that a
 * different Redis master numbered the same (see renewEpoch).
 */
export type StreamEvent = { seq: number; at: number } & ({ message: ChatMessage } | { change: MessageChangeEvent });

type StreamEntry = [id: string, fields: string[]];
const toEvents = (entries: StreamEntry[]): StreamEvent[] =>
  entries.map(([id, f]) => {
    const seq = Number(id.slice(0, id.indexOf('-')));
    if (f[0] === 'm') {
      const message = JSON.parse(f[1]!) as ChatMessage;
      return { seq, at: message.ts, message };
    }
    return { seq, at: Number(f[5] ?? 0), change: JSON.parse(f[1]!) as MessageChangeEvent };
  });

/**
 * Stored events with afterSeq < seq <= uptoSeq (to the newest when uptoSeq is omitted), oldest first: a gap fill
 * replays them as they went out, with one exception (as presence-join does for a recovering member): nothing of
 * a message deleted since is sent again. Its message and every change to it carry the deleted marker instead.
 */
export async function readEventsAfter(
  redis: RedisClient,
  roomId: string,
  afterSeq: number,
  uptoSeq?: number,
): Promise<StreamEvent[]> {
  const end = uptoSeq === undefined ? '+' : `${uptoSeq}-0`;
  const events = toEvents((await redis.xrange(keys.history(roomId), `(${afterSeq}-0`, end)) as StreamEntry[]);
  if (events.length === 0) return events;
  const targets = events.map((e) => ('message' in e ? e.message.seq : e.change.message.seq));
  const now = await redis.hmget(keys.changed(roomId), ...targets.map(String));
  return events.map((e, i) => {
    const raw = now[i];
    const current = raw ? (JSON.parse(raw) as ChatMessage) : null;
    if (!current?.deleted) return e;
    return 'message' in e ? { seq: e.seq, at: e.at, message: current } : { seq: e.seq, at: e.at, change: { ...e.change, message: current } };
  });
}

/**
 * Where the room's stream stands, read in one round trip: the seq of its newest event (0 before the first) and
 * the write time of event `seq` (null when the stream does not hold it). A replica that delivered event `seq`
 * compares the two with what it delivered: a newest seq below it, or another write time, means Redis lost
 * events members were shown (a failover).
 */
export async function streamPosition(redis: RedisClient, roomId: string, seq: number): Promise<{ latest: number; at: number | null }> {
  const [latest, entries] = await Promise.all([
    redis.get(keys.seq(roomId)),
    seq > 0 ? (redis.xrange(keys.history(roomId), `${seq}-0`, `${seq}-0`) as Promise<StreamEntry[]>) : Promise.resolve([]),
  ]);
  const event = toEvents(entries)[0];
  return { latest: Number(latest ?? 0), at: event ? event.at : null };
}

/**
 * Gives the room a new random epoch unless it already left `seenEpoch` (another replica noticed first), and
 * tells every replica ('r' envelope). Returns the room's epoch now, or null when the room is gone.
 */
export async function renewEpoch(redis: RedisClient, roomId: string, seenEpoch: string): Promise<string | null> {
  const epoch = (await runScript(redis, 'renewEpoch', [keys.room(roomId)], [seenEpoch, randomBytes(8).toString('base64url'), channels.room(roomId)])) as string | null;
  return epoch || null;
}
