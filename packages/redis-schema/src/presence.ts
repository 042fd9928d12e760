import type { RedisClient } from './client.js';
import { LIMITS, type ChatMessage, type MessageChangeEvent, type Participant, type Room, type Since } from '@mugharred/protocol';
import { channels, keys } from './keys.js';
import { runScript } from './scripts.js';

export interface PresenceEntry {
  roomId: string;
  userId: string;
  /** Unique per socket across replicas: `<replicaId>.<process nonce>.<counter>`. */
  connId: string;
}

export type PresenceJoinOutcome =
  | {
      ok: true;
      room: Room;
      participants: Participant[];
      seq: number;
      messages: ChatMessage[];
      changes: MessageChangeEvent[];
      recovered: boolean;
    }
  | { ok: false; code: 'room_not_found' | 'not_member' | 'too_many' };

/**
 * Adds a socket to the room's presence (announcing the user when it is their first live socket) and reads, in
 * the same step, what its `joined` reply needs: the events after `since` when they can all be had
 * (`recovered`: the messages and the changes after it, as sent), else the newest LIMITS.snapshotMessages messages as
 * they are now (every edit, delete and reaction applied); `seq` is the room's seq at that moment: every event up
 * to it is in the answer or before it.
 */
export async function presenceJoin(
  redis: RedisClient,
  entry: PresenceEntry,
  opts: { ttlMs: number; maxSocketsPerUser: number; since?: Since },
): Promise<PresenceJoinOutcome> {
  const { roomId } = entry;
  const res = (await runScript(
    redis,
    'presenceJoin',
    [keys.room(roomId), keys.members(roomId), keys.online(roomId), keys.seq(roomId), keys.history(roomId), keys.changed(roomId)],
    [
      entry.userId,
      entry.connId,
      opts.ttlMs,
      opts.maxSocketsPerUser,
      channels.room(roomId),
      opts.since?.epoch ?? '',
      opts.since?.seq ?? 0,
      LIMITS.snapshotMessages,
    ],
  )) as [string, string?, string?, number?, number?, string?, string?];
  if (res[0] !== 'ok') return { ok: false, code: res[0] as 'room_not_found' | 'not_member' | 'too_many' };
  return {
    ok: true,
    room: JSON.parse(res[1]!) as Room,
    participants: JSON.parse(res[2]!) as Participant[],
    seq: Number(res[3]),
    recovered: res[4] === 1,
    messages: JSON.parse(res[5]!) as ChatMessage[],
    changes: JSON.parse(res[6]!) as MessageChangeEvent[],
  };
}

/**
 * Removes a socket from presence. 'offline': the socket went away (the user keeps their place); when it was
 * their last, they stay shown online for `graceMs` (a reload or a move to another replica is not a leave) and
 * the leave is announced by the first presenceRefresh of the room after that, unless they are back.
 * 'left': the user left the room (their place is freed and their other sockets are told to go).
 */
export async function presenceLeave(redis: RedisClient, entry: PresenceEntry, reason: 'offline' | 'left', graceMs = 0): Promise<void> {
  const { roomId } = entry;
  await runScript(
    redis,
    'presenceLeave',
    [keys.room(roomId), keys.members(roomId), keys.online(roomId)],
    [entry.userId, entry.connId, reason, roomId, channels.room(roomId), graceMs],
  );
}

/**
 * Keeps this replica's sockets in a room alive for another `ttlMs`, drops entries nobody refreshed and tells the
 * room of any change of who is online (with no `members`, it is only that sweep). Returns the room's latest message seq, or -1 when the room no longer exists.
 */
export async function presenceRefresh(
  redis: RedisClient,
  roomId: string,
  members: string[],
  ttlMs: number,
): Promise<number> {
  return (await runScript(
    redis,
    'presenceRefresh',
    [keys.room(roomId), keys.members(roomId), keys.online(roomId), keys.seq(roomId)],
    [ttlMs, roomId, channels.room(roomId), ...members],
  )) as number;
}

/** Distinct users with a live socket in the room right now. */
export async function countOnline(redis: RedisClient, roomId: string, nowMs: number): Promise<number> {
  const live = await redis.zrangebyscore(keys.online(roomId), `(${nowMs}`, '+inf');
  return new Set(live.map((m) => m.slice(0, m.indexOf('|')))).size;
}

export type VoiceStateOutcome = 'ok' | 'room_not_found' | 'not_member' | 'not_joined';

/** Sets (inVoice) or clears a member's voice state, tied to the socket `connId`, and publishes the change. */
export async function setVoiceState(
  redis: RedisClient,
  entry: PresenceEntry,
  state: { inVoice: boolean; muted: boolean },
): Promise<VoiceStateOutcome> {
  const { roomId } = entry;
  return (await runScript(
    redis,
    'voiceState',
    [keys.room(roomId), keys.members(roomId), keys.online(roomId)],
    [entry.userId, entry.connId, state.inVoice ? '1' : '0', state.muted ? '1' : '0', channels.room(roomId)],
  )) as VoiceStateOutcome;
}
