import type { RedisClient } from './client.js';
import type { ExpiringEvent, Member, PublicRoomInfo, Room } from '@mugharred/protocol';
import { envelope } from './envelope.js';
import { channels, keys, ROOM_FATE_TTL_MS, ROOM_GRACE_MS, roomKeys } from './keys.js';
import { runScript } from './scripts.js';

/** Stores a new room with its host as first member; every key expires ROOM_GRACE_MS after the room. */
export async function createRoom(redis: RedisClient, room: Room, host: Member): Promise<void> {
  const expireAt = room.expiresAt + ROOM_GRACE_MS;
  await redis
    .multi()
    .set(keys.room(room.id), JSON.stringify(room), 'PXAT', expireAt, 'NX')
    .hset(keys.members(room.id), room.hostId, JSON.stringify(host))
    .pexpireat(keys.members(room.id), expireAt)
    .set(keys.fate(room.id), 'expired', 'PXAT', room.expiresAt + ROOM_FATE_TTL_MS)
    .exec();
  // The index lives in another slot; losing this write only delays cleanup to the keys' own TTL.
  await redis.zadd(keys.roomIndex(), room.expiresAt, room.id);
}

export async function getRoom(redis: RedisClient, roomId: string): Promise<Room | null> {
  const raw = await redis.get(keys.room(roomId));
  return raw ? (JSON.parse(raw) as Room) : null;
}

export async function getMember(redis: RedisClient, roomId: string, userId: string): Promise<Member | null> {
  const raw = await redis.hget(keys.members(roomId), userId);
  return raw ? (JSON.parse(raw) as Member) : null;
}

/** The invite page's facts of a live room, all but `voice` (the rooms API knows whether voice runs). */
export async function getPublicRoomInfo(redis: RedisClient, roomId: string): Promise<Omit<PublicRoomInfo, 'voice'> | null> {
  const now = Date.now();
  const [[, raw], [, flat], [, live]] = (await redis
    .multi()
    .get(keys.room(roomId))
    .hgetall(keys.members(roomId))
    .zrangebyscore(keys.online(roomId), `(${now}`, '+inf')
    .exec()) as [[unknown, string | null], [unknown, Record<string, string>], [unknown, string[]]];
  if (!raw) return null;
  const room = JSON.parse(raw) as Room;
  if (room.expiresAt <= now) return null;
  const members = Object.entries(flat).map(([id, json]) => ({ id, ...(JSON.parse(json) as Member) }));
  const inside = new Set(live.map((entry) => entry.slice(0, entry.indexOf('|'))));
  return {
    id: room.id,
    name: room.name,
    participantCount: members.length,
    maxParticipants: room.maxParticipants,
    expiresAt: room.expiresAt,
    isLocked: room.isLocked,
    lobby: room.lobby === true,
    hostName: members.find((m) => m.id === room.hostId)?.name ?? '',
    ...(room.showPeople
      ? { people: members.filter((m) => inside.has(m.id)).sort((a, b) => a.joinedAt - b.joinedAt).map((m) => m.name) }
      : {}),
  };
}

/** Whether the invite page shows who is inside; members hear `invite_people`. Null when the room is gone. */
export async function setShowPeople(redis: RedisClient, roomId: string, on: boolean): Promise<Room | null> {
  const raw = (await runScript(redis, 'setShowPeople', [keys.room(roomId)], [on ? '1' : '0', channels.room(roomId)])) as string | null;
  return raw ? (JSON.parse(raw) as Room) : null;
}

export type ExtendOutcome = { ok: true; room: Room } | { ok: false; code: 'room_not_found' | 'extend_limit' };

/**
 * Moves a live room's end by `stepMs`, to at most `maxLengthMs` after its creation, with every key's TTL, in one
 * script, and announces `extended`. The expiry index (another slot) follows after.
 */
export async function extendRoom(redis: RedisClient, roomId: string, stepMs: number, maxLengthMs: number): Promise<ExtendOutcome> {
  const res = (await runScript(redis, 'extendRoom', [...roomKeys(roomId), keys.fate(roomId)], [
    stepMs,
    maxLengthMs,
    ROOM_GRACE_MS,
    ROOM_FATE_TTL_MS,
    channels.room(roomId),
  ])) as string | null;
  if (res === null) return { ok: false, code: 'room_not_found' };
  if (res === 'cap') return { ok: false, code: 'extend_limit' };
  const room = JSON.parse(res) as Room;
  await redis.zadd(keys.roomIndex(), room.expiresAt, room.id);
  return { ok: true, room };
}

/** Hands the host role to another member (see transfer-host-3.lua). */
export async function transferHost(
  redis: RedisClient,
  roomId: string,
  userId: string,
): Promise<'ok' | 'room_not_found' | 'not_member' | 'is_host'> {
  return (await runScript(redis, 'transferHost', [keys.room(roomId), keys.members(roomId), keys.online(roomId)], [
    userId,
    channels.room(roomId),
  ])) as 'ok' | 'room_not_found' | 'not_member' | 'is_host';
}

export type RoomFate = 'expired' | 'ended';

/** How a room that is no longer live came to an end; null when the id never named a room (or long ago). */
export async function getRoomFate(redis: RedisClient, roomId: string): Promise<RoomFate | null> {
  const fate = await redis.get(keys.fate(roomId));
  return fate === 'expired' || fate === 'ended' ? fate : null;
}

export type JoinRefusal = 'room_not_found' | 'kicked' | 'room_locked' | 'room_full' | 'name_taken' | 'knock_declined';
/** `waiting`: not refused, in the lobby until the host answers (ask again to learn it). */
export type JoinOutcome =
  | { ok: true; room: Room; member: Member }
  | { ok: false; code: JoinRefusal }
  | { ok: false; code: 'waiting' };

/**
 * Admits `userId` as a member (idempotent for an existing member), or puts them in the lobby when the host admits
 * people one by one, or when the room is locked and they `ask` (see join-room-5.lua). Capacity counts members, the
 * host included; a name confusable with another member's or asker's (same `nameKey`) is refused.
 */
export async function joinRoom(
  redis: RedisClient,
  roomId: string,
  userId: string,
  member: Member,
  ask = false,
): Promise<JoinOutcome> {
  const res = (await runScript(
    redis,
    'joinRoom',
    [keys.room(roomId), keys.members(roomId), keys.banned(roomId), keys.online(roomId), keys.lobby(roomId)],
    [userId, JSON.stringify(member), channels.room(roomId), member.nameKey ?? '', ask ? '1' : '0'],
  )) as [string, string?, string?];
  if (res[0] !== 'ok') return { ok: false, code: res[0] as JoinRefusal | 'waiting' };
  return { ok: true, room: JSON.parse(res[1]!) as Room, member: JSON.parse(res[2]!) as Member };
}

/** Locks or unlocks; members hear `locked`/`unlocked`. Null when the room is gone. */
export async function setLocked(redis: RedisClient, roomId: string, locked: boolean): Promise<Room | null> {
  const raw = (await runScript(redis, 'setLocked', [keys.room(roomId)], [locked ? '1' : '0', channels.room(roomId)])) as
    | string
    | null;
  return raw ? (JSON.parse(raw) as Room) : null;
}

export type KickOutcome = 'ok' | 'room_not_found' | 'not_member' | 'is_host';

export async function kickMember(redis: RedisClient, roomId: string, userId: string): Promise<KickOutcome> {
  return (await runScript(
    redis,
    'kick',
    [keys.room(roomId), keys.members(roomId), keys.banned(roomId), keys.online(roomId)],
    [userId, channels.room(roomId)],
  )) as KickOutcome;
}

/**
 * Ends a room: members hear `reason`, every key goes. 'expired' refuses a room not yet due.
 * Returns 'deleted', 'gone' (already deleted) or 'not_due'.
 */
export async function deleteRoom(
  redis: RedisClient,
  roomId: string,
  reason: 'ended' | 'expired',
): Promise<'deleted' | 'gone' | 'not_due'> {
  const res = (await runScript(redis, 'deleteRoom', [...roomKeys(roomId), keys.fate(roomId)], [
    reason,
    channels.room(roomId),
    ROOM_FATE_TTL_MS,
  ])) as number;
  if (res === -1) return 'not_due';
  await redis.zrem(keys.roomIndex(), roomId);
  return res === 1 ? 'deleted' : 'gone';
}

/** Ids of rooms whose expiry is at or before `atMs`, for the worker's sweep. */
export function roomsDueBy(redis: RedisClient, atMs: number, limit = 100): Promise<string[]> {
  return redis.zrangebyscore(keys.roomIndex(), '-inf', atMs, 'LIMIT', 0, limit);
}

/** Ids of rooms that have not expired yet. */
export function liveRoomIds(redis: RedisClient, nowMs: number): Promise<string[]> {
  return redis.zrangebyscore(keys.roomIndex(), `(${nowMs}`, '+inf');
}

/** Warns a live room's members that it ends soon. False when the room is already gone. */
export async function announceExpiring(redis: RedisClient, roomId: string): Promise<boolean> {
  const room = await getRoom(redis, roomId);
  if (!room) return false;
  const frame: ExpiringEvent = { type: 'room_event', roomId, event: 'expiring', expiresAt: room.expiresAt };
  await redis.spublish(channels.room(roomId), envelope.forward(JSON.stringify(frame)));
  return true;
}
