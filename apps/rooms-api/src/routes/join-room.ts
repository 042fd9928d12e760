import { JoinRoomBody, JoinRoomReply, LIMITS, nameKey, WaitingReply, type RoomClaims } from '@mugharred/protocol';
import { getRoom, joinRoom, type JoinRefusal, type RedisClient } from '@mugharred/redis-schema';
import { AppError, perMinute, requestClaims, type BaseApp } from '@mugharred/service-kit';
import { assertRoomIdShape, newId, validName } from '../room-access.js';

const REFUSALS: Record<JoinRefusal, string> = {
  room_not_found: 'This room does not exist, has expired or has ended',
  kicked: 'The host removed you from this room',
  room_locked: 'The host has locked this room',
  room_full: 'This room is full',
  name_taken: 'Someone in this room already has this name, or one that looks the same: choose another',
  knock_declined: 'The host did not let you in',
};

/**
 * POST /api/join-room: admits the caller as a member (capacity, lock and kicks are checked atomically in Redis)
 * and answers with a room token. A login or room token carries its user id over; without one the invite link
 * makes a new identity. The token names the member as stored, so a returning host stays host.
 * In a room whose host admits one by one (or a locked one, with `knock`), the caller waits in the lobby: 202, and
 * the same call again answers how it stands. Waiting needs a login token: the lobby knows people by their id.
 */
export function registerJoinRoom(app: BaseApp, redis: RedisClient, ratePerMinute: number): void {
  app.post(
    '/api/join-room',
    { schema: { body: JoinRoomBody, response: { 200: JoinRoomReply, 202: WaitingReply } }, config: perMinute(ratePerMinute) },
    async (req, reply) => {
      const caller = requestClaims(req);
      const { roomId } = req.body;
      assertRoomIdShape(roomId);
      const name = validName(req.body.participantName, LIMITS.nameMin, LIMITS.nameMax);
      if (!caller) {
        const room = await getRoom(redis, roomId);
        if (room?.lobby || (room?.isLocked && req.body.knock)) {
          throw new AppError('unauthorized', 'Asking the host to let you in needs a login token (POST /api/login)');
        }
      }
      const userId = caller?.sub ?? newId();
      const asMember = { name, nameKey: nameKey(name), role: 'participant' as const, joinedAt: Date.now() };
      const outcome = await joinRoom(redis, roomId, userId, asMember, req.body.knock === true);
      if (!outcome.ok && outcome.code === 'waiting') return reply.code(202).send({ waiting: true as const });
      if (!outcome.ok) {
        req.log.info({ roomId, code: outcome.code }, 'join refused');
        throw new AppError(outcome.code, REFUSALS[outcome.code]);
      }
      const { room, member } = outcome;
      const claims: RoomClaims = { kind: 'room', sub: userId, name: member.name, roomId, role: member.role };
      return { success: true as const, token: app.jwt.sign(claims), room };
    },
  );
}
