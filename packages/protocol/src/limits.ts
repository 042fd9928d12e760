/** Every size limit of the wire, in one place. Lengths are in UTF-16 code units (JavaScript string length). */
export const LIMITS = {
  /** Display names after trimming. */
  nameMin: 1,
  nameMax: 32,
  /** Room names after trimming. */
  roomNameMin: 1,
  roomNameMax: 64,
  /** Raw name fields may carry surrounding whitespace that trimming removes; anything longer is refused outright. */
  rawNameMax: 128,
  messageTextMin: 1,
  messageTextMax: 2000,
  clientMsgIdMax: 64,
  /** A compact HS256 JWT with our claims is ~300 bytes; 2 KiB leaves room without inviting abuse. */
  tokenMax: 2048,
  /** Largest WebSocket frame a client may send; a bigger one closes the socket with 1009. */
  frameMaxBytes: 16 * 1024,
  /** Largest HTTP body any API accepts. */
  httpBodyMaxBytes: 4 * 1024,
  participantsMin: 2,
  participantsMax: 50,
  /** Messages a joiner receives when it has nothing to recover from. */
  snapshotMessages: 50,
  /** Messages kept per room for recovery; the stream is trimmed approximately, never below this. */
  historyKept: 500,
  /** An emoji reaction: one emoji, possibly with modifiers and joiners (a family is 11 code units). */
  reactionEmojiMax: 16,
  /** Distinct emojis on one message. */
  reactionsPerMessage: 12,
  /** Emojis one person may have on one message at once. */
  reactionsPerPerson: 3,
  /** How long after sending an author may still edit a message. Deleting has no window. */
  editWindowMs: 15 * 60_000,
  /** A reply carries a quote of the original, cut to this many UTF-8 bytes (on a character boundary). */
  replyQuoteMax: 200,
  /** A typing client says so at most this often while it keeps typing. */
  typingRepeatMs: 2000,
  /** Shown as typing for this long after the last signal. */
  typingShownMs: 5000,
  /** A page waiting in a lobby asks again this often; one that stops for 20 s (lobby-decide-4.lua) has gone. */
  lobbyPollMs: 2000,
} as const;

export const ROOM_DURATIONS_MINUTES = [15, 30, 60, 120] as const;
export type RoomDurationMinutes = (typeof ROOM_DURATIONS_MINUTES)[number];
/** The host adds time in steps of this many minutes... */
export const EXTEND_STEP_MINUTES = 15;
/** ...up to this total length of a room, counted from its creation (the last step may be shorter). */
export const ROOM_MAX_MINUTES = 240;

/**
 * A reaction is one emoji (flags, keycaps, skin tones and ZWJ sequences included), never words: emoji code points
 * and emoji components only, with at least one pictograph, regional indicator or keycap. Use with the `u` flag.
 */
export const REACTION_EMOJI_PATTERN =
  '^(?=.*[\\p{Extended_Pictographic}\\p{Regional_Indicator}\\u20e3])[\\p{Extended_Pictographic}\\p{Emoji_Component}\\u200d\\ufe0f\\u20e3]+$';

/** Room ids: 16 random bytes in base64url (128 bits). User ids share the shape. */
export const ID_PATTERN = '^[A-Za-z0-9_-]{22}$';
export const CLIENT_MSG_ID_PATTERN = '^[A-Za-z0-9_.:-]{1,64}$';
