import { RoomReply, TransferHostBody } from '@mugharred/protocol';
import { getRoom, transferHost, type RedisClient } from '@mugharred/redis-schema';
import { AppError, type BaseApp } from '@mugharred/service-kit';
import { hostedRoom, roomNotFound, type RoomParams } from '../room-access.js';

/** POST /api/rooms/:roomId/host {userId} (host): makes another member the host; everyone hears `host_changed`. */
export function registerTransferHost(app: BaseApp, redis: RedisClient): void {
  app.post<{ Params: RoomParams; Body: TransferHostBody }>(
    '/api/rooms/:roomId/host',
    { schema: { body: TransferHostBody, response: { 200: RoomReply } } },
    async (req) => {
      const { room } = await hostedRoom(req, redis, req.params.roomId);
      const outcome = await transferHost(redis, room.id, req.body.userId);
      if (outcome === 'is_host') throw new AppError('invalid_body', 'That member is already the host');
      if (outcome === 'not_member') throw new AppError('member_not_found', 'No member with this id is in the room');
      if (outcome === 'room_not_found') throw roomNotFound();
      const updated = await getRoom(redis, room.id);
      if (!updated) throw roomNotFound();
      req.log.info({ roomId: room.id }, 'host handed over');
      return { room: updated };
    },
  );
}
