import { LobbyDecisionBody, LobbyReply, SwitchBody, RoomReply, type ErrorCode } from '@mugharred/protocol';
import { decideLobby, readLobby, setLobby, type LobbyDecision, type RedisClient } from '@mugharred/redis-schema';
import { AppError, type BaseApp } from '@mugharred/service-kit';
import { hostedRoom, roomNotFound, type RoomParams } from '../room-access.js';

const REFUSALS: Record<Exclude<LobbyDecision, 'ok' | 'room_not_found'>, [code: ErrorCode, message: string]> = {
  not_waiting: ['not_waiting', 'Nobody with this id is waiting to enter (already let in, declined, or gone)'],
  room_full: ['room_full', 'The room is full: remove someone or decline'],
  name_taken: ['name_taken', 'Someone in the room already has this name, or one that looks the same'],
};

/**
 * The lobby, for the host: admit people one by one or not (POST /lobby {on}), who waits (GET /lobby), and the
 * answer to each (POST /lobby/admit, /lobby/decline {userId}). Members hear every change as `room_event` `lobby`.
 */
export function registerLobby(app: BaseApp, redis: RedisClient): void {
  app.get<{ Params: RoomParams }>('/api/rooms/:roomId/lobby', { schema: { response: { 200: LobbyReply } } }, async (req) => {
    const { room } = await hostedRoom(req, redis, req.params.roomId);
    const lobby = await readLobby(redis, room.id);
    if (!lobby) throw roomNotFound();
    return lobby;
  });

  app.post<{ Params: RoomParams; Body: SwitchBody }>(
    '/api/rooms/:roomId/lobby',
    { schema: { body: SwitchBody, response: { 200: RoomReply } } },
    async (req) => {
      const { room } = await hostedRoom(req, redis, req.params.roomId);
      const updated = await setLobby(redis, room.id, req.body.on);
      if (!updated) throw roomNotFound();
      req.log.info({ roomId: room.id, on: req.body.on }, 'lobby set');
      return { room: updated };
    },
  );

  for (const answer of ['admit', 'decline'] as const) {
    app.post<{ Params: RoomParams; Body: LobbyDecisionBody }>(
      `/api/rooms/:roomId/lobby/${answer}`,
      { schema: { body: LobbyDecisionBody, response: { 200: LobbyReply } } },
      async (req) => {
        const { room } = await hostedRoom(req, redis, req.params.roomId);
        const outcome = await decideLobby(redis, room.id, req.body.userId, answer);
        if (outcome === 'room_not_found') throw roomNotFound();
        if (outcome !== 'ok') throw new AppError(...REFUSALS[outcome]);
        req.log.info({ roomId: room.id }, answer === 'admit' ? 'asker admitted' : 'asker declined');
        const lobby = await readLobby(redis, room.id);
        if (!lobby) throw roomNotFound();
        return lobby;
      },
    );
  }
}
