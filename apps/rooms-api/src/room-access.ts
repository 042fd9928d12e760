import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ID_PATTERN, normalizeName, type Room } from '@mugharred/protocol';
import { getRoom, type RedisClient } from '@mugharred/redis-schema';
import { AppError, requestClaims } from '@mugharred/service-kit';

const idShape = new RegExp(ID_PATTERN);

/** Path params of /api/rooms/:roomId routes; the id's shape is checked by assertRoomIdShape (a 404, not a 400). */
export interface RoomParams {
  roomId: string;
}

/** 16 random bytes in base64url: 128 bits, 22 characters (protocol's ID_PATTERN). Room and user ids alike. */
export const newId = () => randomBytes(16).toString('base64url');

export const roomNotFound = () => new AppError('room_not_found', 'This room does not exist, has expired or has ended');

/** Whether `id` has the shape of our ids; anything else cannot name a room, so Redis is never asked. */
export const isIdShaped = (id: string) => idShape.test(id);
/** A name as stored (protocol's text rules), or a 400 invalid_name saying what is wrong with it. */
export function validName(raw: string, min: number, max: number, what?: string): string {
  const checked = normalizeName(raw, min, max, what);
  if (!checked.ok) throw new AppError('invalid_name', checked.message);
  return checked.name;
}

/** A room id of the wrong shape cannot name a room: the same 404 as an unknown one, without asking Redis. */
export function assertRoomIdShape(roomId: string): void {
  if (!isIdShaped(roomId)) throw roomNotFound();
}

/** The room while it lives; its keys outlive it by a grace period that must not look like a live room. */
export async function liveRoom(redis: RedisClient, roomId: string): Promise<Room> {
  assertRoomIdShape(roomId);
  const room = await getRoom(redis, roomId);
  if (!room || room.expiresAt <= Date.now()) throw roomNotFound();
  return room;
}

/**
 * The live room whose host sent the request: a room token for this very room, of the room's recorded host.
 * The room's hostId decides, not the token's role claim: after a handoff the new host's token (issued as a
 * participant's) works and the previous host's no longer does. No or a bad token is a 401; any other valid
 * token (a participant's, another room's host's, a login token) is 403 not_host.
 */
export async function hostedRoom(req: FastifyRequest, redis: RedisClient, roomId: string): Promise<{ room: Room; hostId: string }> {
  const claims = requestClaims(req);
  if (!claims) throw new AppError('unauthorized', 'Host controls need the room token as "Authorization: Bearer <token>"');
  const notHost = new AppError('not_host', 'Only the host of this room can do that');
  if (claims.kind !== 'room' || claims.roomId !== roomId) throw notHost;
  const room = await liveRoom(redis, roomId);
  if (room.hostId !== claims.sub) throw notHost;
  return { room, hostId: claims.sub };
}
