import { Type, type Static } from 'typebox';
import { ID_PATTERN, LIMITS, ROOM_DURATIONS_MINUTES } from './limits.js';

export const Id = Type.String({ pattern: ID_PATTERN, maxLength: 22 });
export const Role = Type.Union([Type.Literal('host'), Type.Literal('participant')]);
export type Role = Static<typeof Role>;

/** One of ROOM_DURATIONS_MINUTES. An enum keeps the static type 15 | 30 | 60 | 120 (a union built by map() typed as never). */
export const Duration = Type.Enum(ROOM_DURATIONS_MINUTES);

/** A room as members see it. `epoch` is random per room and scopes every `seq`. Times are Unix milliseconds. */
export const Room = Type.Object({
  id: Id,
  /** Untrusted plain text like every name (text-rules.ts): never insert it as HTML. */
  name: Type.String({ maxLength: LIMITS.roomNameMax }),
  hostId: Id,
  epoch: Type.String(),
  createdAt: Type.Number(),
  expiresAt: Type.Number(),
  maxParticipants: Type.Integer(),
  isLocked: Type.Boolean(),
  /** The host admits people one by one: joining puts a person in the lobby (see LobbyState). */
  lobby: Type.Optional(Type.Boolean()),
  /** The invite page shows the names of the people inside (PublicRoomInfo.people). */
  showPeople: Type.Optional(Type.Boolean()),
  /** Set while the host is gone and nobody was online to take over: the next member to arrive becomes host. */
  hostAway: Type.Optional(Type.Literal(true)),
});
export type Room = Static<typeof Room>;

/** What an invite page may show to anyone holding the link: no messages, no ids of people; names as the host allows. */
export const PublicRoomInfo = Type.Object({
  id: Id,
  name: Type.String(),
  participantCount: Type.Integer(),
  maxParticipants: Type.Integer(),
  expiresAt: Type.Number(),
  isLocked: Type.Boolean(),
  /** The host admits people one by one: joining means asking and waiting for them. */
  lobby: Type.Boolean(),
  /** Untrusted plain text, like every name. */
  hostName: Type.String(),
  /** Names of the people inside right now, oldest first: only when the host shows them (Room.showPeople). */
  people: Type.Optional(Type.Array(Type.String())),
  /** The room has voice (the server runs Janus): a joiner can talk, not only write. */
  voice: Type.Boolean(),
});
export type PublicRoomInfo = Static<typeof PublicRoomInfo>;

/** Someone asking to enter: only their name, for the host to decide on. */
const Knocker = Type.Object({ id: Id, name: Type.String() });

/** A room's lobby: whether the host admits people one by one, and who waits, in the order they asked. */
export const LobbyState = Type.Object({ on: Type.Boolean(), waiting: Type.Array(Knocker) });
export type LobbyState = Static<typeof LobbyState>;

/** Voice state a member shares with the room. Who is speaking comes to each browser from Janus itself. */
export const VoiceState = Type.Object({ muted: Type.Boolean() });
export type VoiceState = Static<typeof VoiceState>;

export const Participant = Type.Object({
  id: Id,
  name: Type.String(),
  role: Role,
  /** True while the participant has at least one live socket in the room, on any gateway replica. */
  online: Type.Boolean(),
  /** Present while the participant is in the room's voice channel (as told by their own socket). */
  voice: Type.Optional(VoiceState),
});
export type Participant = Static<typeof Participant>;

/** What a reply shows of the message it answers (the text cut to LIMITS.replyQuoteMax). */
export const ReplyQuote = Type.Object({ seq: Type.Integer(), userId: Id, name: Type.String(), text: Type.String() });
export type ReplyQuote = Static<typeof ReplyQuote>;

/** Everyone who reacted to a message with one emoji, in the order they did. */
export const Reaction = Type.Object({
  emoji: Type.String(),
  users: Type.Array(Type.Object({ id: Id, name: Type.String() })),
});
export type Reaction = Static<typeof Reaction>;

/**
 * A stored chat message. `seq` increases by exactly 1 per event in the room's stream within one `epoch`
 * (messages and changes to them alike), so the seqs of messages alone can skip.
 * The optional fields appear once they apply; a deleted message keeps its place with empty text.
 */
export const ChatMessage = Type.Object({
  id: Type.String(),
  epoch: Type.String(),
  seq: Type.Integer(),
  userId: Id,
  name: Type.String(),
  /** Untrusted plain text (text-rules.ts): show it as text or sanitised Markdown, never insert it as HTML. */
  text: Type.String(),
  ts: Type.Number(),
  replyTo: Type.Optional(ReplyQuote),
  /** When the author last edited it (Unix ms). */
  editedAt: Type.Optional(Type.Number()),
  deleted: Type.Optional(Type.Literal(true)),
  reactions: Type.Optional(Type.Array(Reaction)),
});
export type ChatMessage = Static<typeof ChatMessage>;

/** A member as stored in the room's member list (joined over HTTP; counts against capacity). */
export const Member = Type.Object({
  name: Type.String(),
  /** The name's confusable key (text-rules' nameKey): no two members of a room share one. */
  nameKey: Type.Optional(Type.String()),
  role: Role,
  joinedAt: Type.Number(),
  /** Voice state and the socket that set it (it counts only while that socket is live). */
  voice: Type.Optional(Type.Object({ muted: Type.Boolean(), conn: Type.String() })),
});
export type Member = Static<typeof Member>;
