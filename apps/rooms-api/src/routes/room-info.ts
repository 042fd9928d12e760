import { PublicRoomReply, RoomReply, SwitchBody } from '@mugharred/protocol';
import { getPublicRoomInfo, getRoomFate, setShowPeople, type RedisClient } from '@mugharred/redis-schema';
import { AppError, type BaseApp } from '@mugharred/service-kit';
import { hostedRoom, isIdShaped, roomNotFound, type RoomParams } from '../room-access.js';

/**
 * GET /api/rooms/:roomId: what an invite page may show to anyone holding the link: the host's name, whether voice
 * runs, the names of the people inside only when the host shows them; never ids or messages.
 * A link that leads nowhere says why, each with its own code: `room_link_invalid` (404, not an id of ours:
 * cut short or mistyped), `room_expired` / `room_ended` (410, from the room's kept fate), `room_not_found`
 * (404, a well-formed id no room had, or one that ended longer ago than the fate is kept).
 */
export function registerRoomInfo(app: BaseApp, redis: RedisClient, voice: boolean): void {
  app.get<{ Params: RoomParams }>('/api/rooms/:roomId', { schema: { response: { 200: PublicRoomReply } } }, async (req) => {
    const { roomId } = req.params;
    if (!isIdShaped(roomId)) {
      throw new AppError('room_link_invalid', 'This link is incomplete or mistyped: it cannot name a room');
    }
    const info = await getPublicRoomInfo(redis, roomId);
    if (info) return { ...info, voice };
    const fate = await getRoomFate(redis, roomId);
    if (fate === 'ended') throw new AppError('room_ended', 'The host ended this room');
    if (fate === 'expired') throw new AppError('room_expired', 'This room has expired');
    throw roomNotFound();
  });

  // POST /api/rooms/:roomId/invite-people {on} (host): whether the invite page names the people inside.
  app.post<{ Params: RoomParams; Body: SwitchBody }>(
    '/api/rooms/:roomId/invite-people',
    { schema: { body: SwitchBody, response: { 200: RoomReply } } },
    async (req) => {
      const { room } = await hostedRoom(req, redis, req.params.roomId);
      const updated = await setShowPeople(redis, room.id, req.body.on);
      if (!updated) throw roomNotFound();
      return { room: updated };
    },
  );
}
