import type { Queue } from 'bullmq';
import { EXPIRING_WARNING_MS, EXTEND_STEP_MINUTES, ROOM_MAX_MINUTES, RoomReply, type RoomJobData } from '@mugharred/protocol';
import { extendRoom, type RedisClient } from '@mugharred/redis-schema';
import { cancelRoomJobs, scheduleRoomJobs } from '@mugharred/room-jobs';
import { AppError, type BaseApp } from '@mugharred/service-kit';
import type { RoomsConfig } from '../config.js';
import { withDeadline } from '../deadline.js';
import { hostedRoom, roomNotFound, type RoomParams } from '../room-access.js';
import { roomMinutes } from '../room-time.js';

/**
 * POST /api/rooms/:roomId/extend (host): EXTEND_STEP_MINUTES more, up to ROOM_MAX_MINUTES in all. Redis moves the
 * room's end and every key's TTL in one script and tells the members; then the worker's jobs (the warning, the
 * expiry that also destroys the voice room) are moved. An expiry job that still fires at the old time finds
 * the room not due and leaves it.
 */
export function registerExtendRoom(app: BaseApp, redis: RedisClient, queue: Queue<RoomJobData>, config: RoomsConfig): void {
  const stepMs = roomMinutes(config, EXTEND_STEP_MINUTES);
  const maxMs = roomMinutes(config, ROOM_MAX_MINUTES);
  const warningMs = roomMinutes(config, EXPIRING_WARNING_MS / 60_000);
  app.post<{ Params: RoomParams }>('/api/rooms/:roomId/extend', { schema: { response: { 200: RoomReply } } }, async (req) => {
    const { room: before } = await hostedRoom(req, redis, req.params.roomId);
    const outcome = await extendRoom(redis, before.id, stepMs, maxMs);
    if (!outcome.ok && outcome.code === 'extend_limit') {
      throw new AppError('extend_limit', `A room lasts at most ${ROOM_MAX_MINUTES} minutes`);
    }
    if (!outcome.ok) throw roomNotFound();
    const { room } = outcome;
    try {
      await withDeadline(cancelRoomJobs(queue, room.id).then(() => scheduleRoomJobs(queue, room, warningMs)));
    } catch (err) {
      // The room keeps its new end either way: the worker's sweep expires it by its own expiresAt.
      req.log.warn({ err, roomId: room.id }, 'room jobs not moved');
    }
    req.log.info({ roomId: room.id, expiresAt: room.expiresAt }, 'room extended');
    return { room };
  });
}
