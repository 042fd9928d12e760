import { Type, type Static } from 'typebox';
import { CLIENT_MSG_ID_PATTERN, LIMITS } from './limits.js';
import { Id } from './room.js';

/** The position of the last message a client holds; `seq` is meaningful only within `epoch`. */
const Seq = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

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
  /** The seq of the message this one answers; the stored message carries a quote of it. */
  replyTo: Type.Optional(Seq),
});

/** "I am typing": never stored, relayed to the room (coalesced) and forgotten. */
export const TypingFrame = Type.Object({ type: Type.Literal('typing'), roomId: Id });

const Emoji = Type.String({ minLength: 1, maxLength: LIMITS.reactionEmojiMax });

/** Adds the sender's reaction `emoji` to message `seq` (a no-op when it is already there). */
export const ReactFrame = Type.Object({ type: Type.Literal('react'), roomId: Id, seq: Seq, emoji: Emoji });
/** Takes the sender's own reaction `emoji` off message `seq`. */
export const UnreactFrame = Type.Object({ type: Type.Literal('unreact'), roomId: Id, seq: Seq, emoji: Emoji });

/** Replaces the text of the sender's own message `seq`, within LIMITS.editWindowMs of sending it. */
export const EditMessageFrame = Type.Object({
  type: Type.Literal('edit_message'),
  roomId: Id,
  seq: Seq,
  text: Type.String({ minLength: LIMITS.messageTextMin, maxLength: LIMITS.messageTextMax }),
});

/** Deletes message `seq` for everyone: the author's own, or any message when the sender is the host. */
export const DeleteMessageFrame = Type.Object({ type: Type.Literal('delete_message'), roomId: Id, seq: Seq });

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

export const ClientFrame = Type.Union([
  JoinRoomFrame,
  SendMessageFrame,
  LeaveRoomFrame,
  RefreshTokenFrame,
  VoiceStateFrame,
  TypingFrame,
  ReactFrame,
  UnreactFrame,
  EditMessageFrame,
  DeleteMessageFrame,
]);
export type ClientFrame = Static<typeof ClientFrame>;
export type JoinRoomFrame = Static<typeof JoinRoomFrame>;
export type SendMessageFrame = Static<typeof SendMessageFrame>;
export type LeaveRoomFrame = Static<typeof LeaveRoomFrame>;
export type RefreshTokenFrame = Static<typeof RefreshTokenFrame>;
export type VoiceStateFrame = Static<typeof VoiceStateFrame>;
export type TypingFrame = Static<typeof TypingFrame>;
export type ReactFrame = Static<typeof ReactFrame>;
export type UnreactFrame = Static<typeof UnreactFrame>;
export type EditMessageFrame = Static<typeof EditMessageFrame>;
export type DeleteMessageFrame = Static<typeof DeleteMessageFrame>;
/** Frames that change an existing message; each becomes an event with its own seq in the room's stream. */
export type MessageChangeFrame = ReactFrame | UnreactFrame | EditMessageFrame | DeleteMessageFrame;
