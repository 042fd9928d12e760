import { Type, type Static } from 'typebox';
import { ChatMessage, Id, LobbyState, Participant, Role, Room } from './room.js';

const roomEvent = <E extends string, P extends Parameters<typeof Type.Object>[0]>(event: E, props: P) =>
  Type.Object({ type: Type.Literal('room_event'), roomId: Id, event: Type.Literal(event), ...props });

const Person = Type.Object({ id: Id, name: Type.String(), role: Role });

/**
 * A change to message `message.seq`, itself event `seq` of the room's stream. `message` is the message as it
 * is after the change, so a client replaces what it holds.
 */
const changeEvent = <E extends string, P extends Parameters<typeof Type.Object>[0]>(event: E, props: P) =>
  roomEvent(event, { seq: Type.Integer(), message: ChatMessage, ...props });

export const MessageEditedEvent = changeEvent('message_edited', {});
/** `by` is the author, or the host who removed it. */
export const MessageDeletedEvent = changeEvent('message_deleted', { by: Id });
export const ReactionAddedEvent = changeEvent('reaction_added', { userId: Id, emoji: Type.String() });
export const ReactionRemovedEvent = changeEvent('reaction_removed', { userId: Id, emoji: Type.String() });
/** Who is typing on one replica right now (coalesced there); a client shows each for LIMITS.typingShownMs. */
export const TypingEvent = roomEvent('typing', { users: Type.Array(Type.Object({ id: Id, name: Type.String() })) });

export const JoinedEvent = roomEvent('joined', {
  room: Room,
  /** Either exactly the messages after the client's `since` (recovered: true) or a fresh snapshot of the last ones. */
  messages: Type.Array(ChatMessage),
  /**
   * Changes (edits, deletes, reactions) newer than `messages`, as they were sent live: with recovered: true every
   * change after `since`; in a fresh snapshot (whose messages already show the older ones) only those that raced
   * with the join. Apply them after `messages`, in seq order.
   */
  changes: Type.Array(Type.Union([MessageEditedEvent, MessageDeletedEvent, ReactionAddedEvent, ReactionRemovedEvent])),
  participants: Type.Array(Participant),
  /** The room's seq this reply brings the client up to (messages and changes): send it as `since` next time. */
  seq: Type.Integer(),
  /** False when `since` could not be honoured (another epoch, or beyond the kept history): replace, do not merge. */
  recovered: Type.Boolean(),
});
export const MessageEvent = roomEvent('message', { message: ChatMessage });
export const ParticipantJoinedEvent = roomEvent('participant_joined', { participant: Person });
export const ParticipantLeftEvent = roomEvent('participant_left', {
  participant: Person,
  /** left: said goodbye (frees the place); offline: last socket went away (keeps the place); kicked: by the host. */
  reason: Type.Union([Type.Literal('left'), Type.Literal('offline'), Type.Literal('kicked')]),
});
export const LockedEvent = roomEvent('locked', {});
export const UnlockedEvent = roomEvent('unlocked', {});
export const KickedEvent = roomEvent('kicked', { userId: Id, name: Type.String() });
export const ExpiringEvent = roomEvent('expiring', { expiresAt: Type.Number() });
export const ExpiredEvent = roomEvent('expired', {});
/** The host added time: the room now ends at `expiresAt` (and any `expiring` warning no longer holds). */
export const ExtendedEvent = roomEvent('extended', { expiresAt: Type.Number() });
/**
 * `hostId` is host from now on. handed: the host chose them; left / offline: the host left, or stayed offline past
 * the presence grace, and the longest-present member online took over (a room with people in it keeps a host).
 */
export const HostChangedEvent = roomEvent('host_changed', {
  hostId: Id,
  name: Type.String(),
  reason: Type.Union([Type.Literal('handed'), Type.Literal('left'), Type.Literal('offline')]),
});
export const EndedEvent = roomEvent('ended', {});
/** The room's lobby changed (turned on or off, someone asked, was admitted or declined): it is now this. */
export const LobbyEvent = roomEvent('lobby', LobbyState.properties);
/** The host chose whether the invite page shows who is inside. */
export const InvitePeopleEvent = roomEvent('invite_people', { on: Type.Boolean() });

export const RoomEventFrame = Type.Union([
  JoinedEvent,
  MessageEvent,
  ParticipantJoinedEvent,
  ParticipantLeftEvent,
  LockedEvent,
  UnlockedEvent,
  KickedEvent,
  ExpiringEvent,
  ExpiredEvent,
  ExtendedEvent,
  HostChangedEvent,
  EndedEvent,
  LobbyEvent,
  InvitePeopleEvent,
  MessageEditedEvent,
  MessageDeletedEvent,
  ReactionAddedEvent,
  ReactionRemovedEvent,
  TypingEvent,
]);

export const ParticipantsUpdateFrame = Type.Object({
  type: Type.Literal('participants_update'),
  roomId: Id,
  participants: Type.Array(Participant),
});

export const AckFrame = Type.Object({
  type: Type.Literal('ack'),
  clientMsgId: Type.String(),
  id: Type.String(),
  seq: Type.Integer(),
});

export const ErrorFrame = Type.Object({
  type: Type.Literal('error'),
  code: Type.String(),
  message: Type.String(),
  clientMsgId: Type.Optional(Type.String()),
  /** For rate_limited: how long to wait before the budget allows another message. */
  retryAfterMs: Type.Optional(Type.Integer()),
  /** For a refused change to a message: which message. */
  seq: Type.Optional(Type.Integer()),
  /** For a refusal past a limit: its name in LIMITS (e.g. `reactionsPerPerson`, `editWindowMs`). */
  limit: Type.Optional(Type.String()),
});

export const TokenRefreshedFrame = Type.Object({
  type: Type.Literal('token_refreshed'),
  /** Unix milliseconds at which the socket's new token expires. */
  expiresAt: Type.Number(),
});

export const ServerFrame = Type.Union([
  RoomEventFrame,
  ParticipantsUpdateFrame,
  AckFrame,
  ErrorFrame,
  TokenRefreshedFrame,
]);

export type ServerFrame = Static<typeof ServerFrame>;
export type RoomEventFrame = Static<typeof RoomEventFrame>;
export type JoinedEvent = Static<typeof JoinedEvent>;
export type MessageEvent = Static<typeof MessageEvent>;
export type ParticipantsUpdateFrame = Static<typeof ParticipantsUpdateFrame>;
export type AckFrame = Static<typeof AckFrame>;
export type ErrorFrame = Static<typeof ErrorFrame>;
export type TokenRefreshedFrame = Static<typeof TokenRefreshedFrame>;
export type RoomEventName = RoomEventFrame['event'];
export type ParticipantJoinedEvent = Static<typeof ParticipantJoinedEvent>;
export type ParticipantLeftEvent = Static<typeof ParticipantLeftEvent>;
export type LockedEvent = Static<typeof LockedEvent>;
export type UnlockedEvent = Static<typeof UnlockedEvent>;
export type KickedEvent = Static<typeof KickedEvent>;
export type ExpiringEvent = Static<typeof ExpiringEvent>;
export type ExpiredEvent = Static<typeof ExpiredEvent>;
export type ExtendedEvent = Static<typeof ExtendedEvent>;
export type HostChangedEvent = Static<typeof HostChangedEvent>;
export type EndedEvent = Static<typeof EndedEvent>;
export type MessageEditedEvent = Static<typeof MessageEditedEvent>;
export type MessageDeletedEvent = Static<typeof MessageDeletedEvent>;
export type ReactionAddedEvent = Static<typeof ReactionAddedEvent>;
export type ReactionRemovedEvent = Static<typeof ReactionRemovedEvent>;
export type TypingEvent = Static<typeof TypingEvent>;
/** Every event that changes an existing message. */
export type MessageChangeEvent = MessageEditedEvent | MessageDeletedEvent | ReactionAddedEvent | ReactionRemovedEvent;
