import { Type, type Static } from 'typebox';
import { CLIENT_MSG_ID_PATTERN, LIMITS } from './limits.js';
import { Id } from './room.js';

/** The position of the last message a client holds; `seq` is meaningful only within `epoch`. */
export const Since = Type.Object({
  epoch: Type.String({ maxLength: 32 }),
  seq: Type.Integer({ minimum: 0 }),
});
export type Since = Static<typeof Since>;

export const JoinRoomFrame = Type.Object({
  type: Type.Literal('join_room'),
  roomId: Id,
  since: Type.Optional(Since),
  /** Sent by the seed's client; accepted and ignored, because names come from the token. */
  name: Type.Optional(Type.String({ maxLength: LIMITS.rawNameMax })),
});

export const SendMessageFrame = Type.Object({
  type: Type.Literal('send_message'),
  roomId: Id,
  /**
   * Untrusted plain text, stored and delivered exactly as typed (markup included). Never insert it into a page
   * as HTML: render it as text, or through a Markdown renderer that escapes HTML and a sanitiser last.
   */
  text: Type.String({ minLength: LIMITS.messageTextMin, maxLength: LIMITS.messageTextMax }),
  clientMsgId: Type.String({ pattern: CLIENT_MSG_ID_PATTERN, maxLength: LIMITS.clientMsgIdMax }),
});

export const LeaveRoomFrame = Type.Object({ type: Type.Literal('leave_room'), roomId: Id });

/** Swaps the socket's token for a fresh one of the same user and room, without reconnecting. */
export const RefreshTokenFrame = Type.Object({
  type: Type.Literal('refresh_token'),
  token: Type.String({ minLength: 1, maxLength: LIMITS.tokenMax }),
});

/** Tells the room this socket's user joined or left voice, or (un)muted. Cleared when the socket goes. */
export const VoiceStateFrame = Type.Object({
  type: Type.Literal('voice_state'),
  roomId: Id,
  inVoice: Type.Boolean(),
  muted: Type.Boolean(),
});

export const ClientFrame = Type.Union([JoinRoomFrame, SendMessageFrame, LeaveRoomFrame, RefreshTokenFrame, VoiceStateFrame]);
export type ClientFrame = Static<typeof ClientFrame>;
export type JoinRoomFrame = Static<typeof JoinRoomFrame>;
export type SendMessageFrame = Static<typeof SendMessageFrame>;
export type LeaveRoomFrame = Static<typeof LeaveRoomFrame>;
export type RefreshTokenFrame = Static<typeof RefreshTokenFrame>;
export type VoiceStateFrame = Static<typeof VoiceStateFrame>;
export const CLIENT_FRAME_TYPES = ['join_room', 'send_message', 'leave_room', 'refresh_token', 'voice_state'] as const;
