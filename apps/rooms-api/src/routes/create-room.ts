import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import {
  CreateRoomBody,
  CreateRoomReply,
  EXPIRING_WARNING_MS,
  LIMITS,
  nameKey,
  type RoomClaims,
  type Room,
  type RoomJobData,
} from '@mugharred/protocol';
import { createRoom, deleteRoom, type RedisClient } from '@mugharred/redis-schema';
import { scheduleRoomJobs } from '@mugharred/room-jobs';
import { perMinute, StorageUnavailable, requestClaims, type BaseApp } from '@mugharred/service-kit';
import type { RoomsConfig } from '../config.js';
import { withDeadline } from '../deadline.js';
import { newId, validName } from '../room-access.js';
import { roomMinutes } from '../room-time.js';

/**
 * POST /api/create-room: stores the room with the caller as host and first member, schedules its `expiring`
 * warning and its expiry, and answers with a host room token. A login token carries its user id over.
 */
export function registerCreateRoom(app: BaseApp, redis: RedisClient, queue: Queue<RoomJobData>, config: RoomsConfig): void {
  const warningMs = roomMinutes(config, EXPIRING_WARNING_MS / 60_000);
  app.post(
    '/api/create-room',
    { schema: { body: CreateRoomBody, response: { 200: CreateRoomReply } }, config: perMinute(config.createPerMinute) },
    async (req) => {
      const caller = requestClaims(req);
      const name = validName(req.body.name, LIMITS.roomNameMin, LIMITS.roomNameMax, 'A room name');
      const hostName = validName(req.body.hostName, LIMITS.nameMin, LIMITS.nameMax);
      const now = Date.now();
      const room: Room = {
        id: newId(),
        name,
        hostId: caller?.sub ?? newId(),
        // Scopes every message seq of the room; 64 random bits.
        epoch: randomBytes(8).toString('base64url'),
        createdAt: now,
        expiresAt: now + roomMinutes(config, req.body.duration),
        maxParticipants: req.body.maxParticipants,
        isLocked: false,
      };
      await createRoom(redis, room, { name: hostName, nameKey: nameKey(hostName), role: 'host', joinedAt: now });
      try {
        await withDeadline(scheduleRoomJobs(queue, room, warningMs));
      } catch (err) {
        // A room without its jobs would never warn its members: take it back and let the client retry.
        req.log.error({ err, roomId: room.id }, 'room jobs not scheduled');
        await deleteRoom(redis, room.id, 'ended').catch(() => undefined);
        throw new StorageUnavailable(err);
      }
      const claims: RoomClaims = { kind: 'room', sub: room.hostId, name: hostName, roomId: room.id, role: 'host' };
      req.log.info({ roomId: room.id, maxParticipants: room.maxParticipants, duration: req.body.duration }, 'room created');
      return { roomId: room.id, token: app.jwt.sign(claims), room };
    },
  );
}
