import { Type, type Static } from 'typebox';
import { LIMITS } from './limits.js';
import { Duration, Id, LobbyState, PublicRoomInfo, Room } from './room.js';

const RawName = Type.String({ minLength: 1, maxLength: LIMITS.rawNameMax });
const Token = Type.String({ maxLength: LIMITS.tokenMax });
const body = <T extends Parameters<typeof Type.Object>[0]>(props: T) =>
  Type.Object(props, { additionalProperties: false });

export const LoginBody = body({ name: RawName });
export const LoginReply = Type.Object({ token: Token, user: Type.Object({ id: Id, name: Type.String() }) });
export const RefreshReply = Type.Object({ token: Token });

export const CreateRoomBody = body({
  name: RawName,
  maxParticipants: Type.Integer({ minimum: LIMITS.participantsMin, maximum: LIMITS.participantsMax }),
  duration: Duration,
  hostName: RawName,
});
export const CreateRoomReply = Type.Object({ roomId: Id, token: Token, room: Room });

export const JoinRoomBody = body({
  roomId: Type.String({ minLength: 1, maxLength: 64 }),
  participantName: RawName,
  /** Ask the host to let you into a locked room (a room that admits one by one always asks). */
  knock: Type.Optional(Type.Boolean()),
});
export const JoinRoomReply = Type.Object({ success: Type.Literal(true), token: Token, room: Room });
/**
 * 202 from join-room: the caller waits in the lobby. Ask again (the same call, every LIMITS.lobbyPollMs) until it
 * answers 200 (admitted) or 403 knock_declined; a page that stops asking leaves the lobby.
 */
export const WaitingReply = Type.Object({ waiting: Type.Literal(true) });
/** POST /api/rooms/:roomId/lobby (admit people one by one) and /invite-people (show names on the invite): on or off. */
export const SwitchBody = body({ on: Type.Boolean() });
/** POST /api/rooms/:roomId/lobby/admit and /decline: whom. */
export const LobbyDecisionBody = body({ userId: Type.String({ minLength: 1, maxLength: 64 }) });
export const LobbyReply = LobbyState;

export const PublicRoomReply = PublicRoomInfo;
export const KickBody = body({ userId: Type.String({ minLength: 1, maxLength: 64 }) });
/** POST /api/rooms/:roomId/host: who becomes host. */
export const TransferHostBody = body({ userId: Type.String({ minLength: 1, maxLength: 64 }) });
export const OkReply = Type.Object({ ok: Type.Literal(true) });
/** The room after a host control (lock, unlock). */
export const RoomReply = Type.Object({ room: Room });

/**
 * What a member needs to enter the room's voice: Janus's WebSocket path on the public origin, the AudioBridge
 * room and participant ids, a personal token (valid for this room's voice only, revoked when the member
 * leaves, is kicked or the room ends) and the ICE servers browsers should use.
 */
export const VoiceGrantReply = Type.Object({
  janusPath: Type.String(),
  room: Type.String(),
  participantId: Type.String(),
  token: Type.String(),
  iceServers: Type.Array(
    Type.Object({
      urls: Type.Union([Type.String(), Type.Array(Type.String())]),
      username: Type.Optional(Type.String()),
      credential: Type.Optional(Type.String()),
    }),
  ),
});
export type VoiceGrantReply = Static<typeof VoiceGrantReply>;

export type LoginBody = Static<typeof LoginBody>;
export type LoginReply = Static<typeof LoginReply>;
export type RefreshReply = Static<typeof RefreshReply>;
export type CreateRoomBody = Static<typeof CreateRoomBody>;
export type CreateRoomReply = Static<typeof CreateRoomReply>;
export type JoinRoomBody = Static<typeof JoinRoomBody>;
export type JoinRoomReply = Static<typeof JoinRoomReply>;
export type WaitingReply = Static<typeof WaitingReply>;
export type SwitchBody = Static<typeof SwitchBody>;
export type LobbyDecisionBody = Static<typeof LobbyDecisionBody>;
export type KickBody = Static<typeof KickBody>;
export type TransferHostBody = Static<typeof TransferHostBody>;
export type RoomReply = Static<typeof RoomReply>;
