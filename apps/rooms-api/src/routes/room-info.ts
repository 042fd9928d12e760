import { PublicRoomReply } from '@mugharred/protocol';
import { getPublicRoomInfo, type RedisClient } from '@mugharred/redis-schema';
import type { BaseApp } from '@mugharred/service-kit';
import { assertRoomIdShape, roomNotFound, type RoomParams } from '../room-access.js';

/**
 * GET /api/rooms/:roomId: what an invite page may show to anyone holding the link (no people, no messages).
 * Any id that is not of our shape, whatever its length, is simply a room that does not exist.
 */
export function registerRoomInfo(app: BaseApp, redis: RedisClient): void {
  app.get<{ Params: RoomParams }>('/api/rooms/:roomId', { schema: { response: { 200: PublicRoomReply } } }, async (req) => {
    assertRoomIdShape(req.params.roomId);
    const info = await getPublicRoomInfo(redis, req.params.roomId);
    if (!info) throw roomNotFound();
    return info;
  });
}
