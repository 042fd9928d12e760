import { PublicRoomReply } from '@mugharred/protocol';
import { getPublicRoomInfo, getRoomFate, type RedisClient } from '@mugharred/redis-schema';
import { AppError, type BaseApp } from '@mugharred/service-kit';
import { isIdShaped, roomNotFound, type RoomParams } from '../room-access.js';

/**
 * GET /api/rooms/:roomId: what an invite page may show to anyone holding the link (no people, no messages).
 * A link that leads nowhere says why, each with its own code: `room_link_invalid` (404, not an id of ours:
 * cut short or mistyped), `room_expired` / `room_ended` (410, from the room's kept fate), `room_not_found`
 * (404, a well-formed id no room had, or one that ended longer ago than the fate is kept).
 */
export function registerRoomInfo(app: BaseApp, redis: RedisClient): void {
  app.get<{ Params: RoomParams }>('/api/rooms/:roomId', { schema: { response: { 200: PublicRoomReply } } }, async (req) => {
    const { roomId } = req.params;
    if (!isIdShaped(roomId)) {
      throw new AppError('room_link_invalid', 'This link is incomplete or mistyped: it cannot name a room');
    }
    const info = await getPublicRoomInfo(redis, roomId);
    if (info) return info;
    const fate = await getRoomFate(redis, roomId);
    if (fate === 'ended') throw new AppError('room_ended', 'The host ended this room');
    if (fate === 'expired') throw new AppError('room_expired', 'This room has expired');
    throw roomNotFound();
  });
}
