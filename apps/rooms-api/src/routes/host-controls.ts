import type { Queue } from 'bullmq';
import { KickBody, OkReply, RoomReply, type RoomJobData } from '@mugharred/protocol';
import { deleteRoom, kickMember, setLocked, type RedisClient } from '@mugharred/redis-schema';
import { cancelRoomJobs } from '@mugharred/room-jobs';
import { AppError, type BaseApp } from '@mugharred/service-kit';
import type { VoiceControl } from '@mugharred/voice';
import { withDeadline } from '../deadline.js';
import { hostedRoom, roomNotFound, type RoomParams } from '../room-access.js';

/** The host's controls: lock, unlock, kick, end. Each needs the host's room token for that room. */
export function registerHostControls(app: BaseApp, redis: RedisClient, queue: Queue<RoomJobData>, voice: VoiceControl | null): void {
  for (const [action, locked] of [['lock', true], ['unlock', false]] as const) {
    app.post<{ Params: RoomParams }>(`/api/rooms/:roomId/${action}`, { schema: { response: { 200: RoomReply } } }, async (req) => {
      await hostedRoom(req, redis, req.params.roomId);
      const room = await setLocked(redis, req.params.roomId, locked);
      if (!room) throw roomNotFound();
      req.log.info({ roomId: room.id }, locked ? 'room locked' : 'room unlocked');
      return { room };
    });
  }

  app.post<{ Params: RoomParams; Body: KickBody }>(
    '/api/rooms/:roomId/kick',
    { schema: { body: KickBody, response: { 200: OkReply } } },
    async (req) => {
      const { room } = await hostedRoom(req, redis, req.params.roomId);
      const outcome = await kickMember(redis, room.id, req.body.userId);
      if (outcome === 'is_host') throw new AppError('cannot_kick_host', 'The host cannot be kicked; end the room instead');
      if (outcome === 'not_member') throw new AppError('member_not_found', 'No member with this id is in the room');
      if (outcome === 'room_not_found') throw roomNotFound();
      req.log.info({ roomId: room.id, userId: req.body.userId }, 'member kicked');
      // Janus unavailable: the token is refused anyway once its sessions time out (60 s), and the kick stands.
      const revoked = await voice?.revoke(room.id, req.body.userId);
      if (revoked && !revoked.ok) req.log.warn({ roomId: room.id }, 'voice access of a kicked member not revoked');
      return { ok: true as const };
    },
  );

  app.post<{ Params: RoomParams }>('/api/rooms/:roomId/end', { schema: { response: { 200: OkReply } } }, async (req) => {
    const { room } = await hostedRoom(req, redis, req.params.roomId);
    if ((await deleteRoom(redis, room.id, 'ended')) === 'gone') throw roomNotFound();
    req.log.info({ roomId: room.id }, 'room ended');
    const destroyed = await voice?.destroyRoom(room.id);
    if (destroyed && !destroyed.ok) req.log.warn({ roomId: room.id }, 'voice room of an ended room not destroyed');
    // Left-over jobs of an ended room find nothing to do, so a failure here is not the client's problem.
    await withDeadline(cancelRoomJobs(queue, room.id)).catch((err: unknown) =>
      req.log.warn({ err, roomId: room.id }, 'room jobs not cancelled'),
    );
    return { ok: true as const };
  });
}
