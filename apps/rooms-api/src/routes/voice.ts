import { VoiceGrantReply } from '@mugharred/protocol';
import { getMember, type RedisClient } from '@mugharred/redis-schema';
import { AppError, requestClaims, type BaseApp } from '@mugharred/service-kit';
import { iceServersFor, type VoiceConfig, type VoiceControl } from '@mugharred/voice';
import { liveRoom, type RoomParams } from '../room-access.js';

const unavailable = () => new AppError('voice_unavailable', 'Voice is unavailable right now; chat works as usual');

/**
 * POST /api/rooms/:roomId/voice: a member's personal pass into the room's voice (AudioBridge room created on
 * demand). Only a room token of this room, of a current member, gets one.
 */
export function registerVoice(app: BaseApp, redis: RedisClient, voice: { control: VoiceControl; config: VoiceConfig } | null): void {
  app.post<{ Params: RoomParams }>('/api/rooms/:roomId/voice', { schema: { response: { 200: VoiceGrantReply } } }, async (req) => {
    const claims = requestClaims(req);
    if (!claims) throw new AppError('unauthorized', 'Voice needs the room token as "Authorization: Bearer <token>"');
    if (claims.kind !== 'room' || claims.roomId !== req.params.roomId) throw new AppError('wrong_room', 'This token is for another room');
    const room = await liveRoom(redis, req.params.roomId);
    if (!(await getMember(redis, room.id, claims.sub))) throw new AppError('not_member', 'You are not a member of this room');
    if (!voice) throw unavailable();
    const res = await voice.control.grant(room.id, claims.sub);
    if (!res.ok) throw unavailable();
    return { janusPath: voice.config.publicPath, ...res.grant, iceServers: iceServersFor(voice.config, claims.sub) };
  });
}
