import type { Redis } from 'ioredis';
import { PublicRoomReply, RoomIdParams } from '@mugharred/protocol';
import { getPublicRoomInfo } from '@mugharred/redis-schema';
import type { BaseApp } from '@mugharred/service-kit';
import { assertRoomIdShape, roomNotFound } from '../room-access.js';

/** GET /api/rooms/:roomId: what an invite page may show to anyone holding the link (no people, no messages). */
export function registerRoomInfo(app: BaseApp, redis: Redis): void {
  app.get('/api/rooms/:roomId', { schema: { params: RoomIdParams, response: { 200: PublicRoomReply } } }, async (req) => {
    assertRoomIdShape(req.params.roomId);
    const info = await getPublicRoomInfo(redis, req.params.roomId);
    if (!info) throw roomNotFound();
    return info;
  });
}
