/**
 * Every error code an API answer or an `error` frame carries, with the HTTP status it maps to.
 * Codes are never reused for another meaning.
 */
export const ERROR_CODES = {
  invalid_body: 400,
  invalid_frame: 400,
  invalid_name: 400,
  cannot_kick_host: 400,
  unsafe_content: 400,
  unauthorized: 401,
  token_expired: 401,
  invalid_token: 401,
  room_token_required: 401,
  forbidden_origin: 403,
  not_host: 403,
  kicked: 403,
  wrong_room: 403,
  not_member: 403,
  not_joined: 409,
  not_author: 403,
  message_not_found: 404,
  message_deleted: 409,
  edit_window_passed: 409,
  too_many_reactions: 409,
  room_not_found: 404,
  /** An invite link whose room id cannot be one of ours: cut short or mistyped. */
  room_link_invalid: 404,
  room_expired: 410,
  room_ended: 410,
  route_not_found: 404,
  member_not_found: 404,
  room_full: 409,
  /** The room already lasts ROOM_MAX_MINUTES. */
  extend_limit: 409,
  /** Someone in the room already has this name, or one that looks the same ("Bob" / "Ｂｏｂ" / "bob"). */
  name_taken: 409,
  room_locked: 423,
  /** The host declined this person's request to enter. */
  knock_declined: 403,
  /** Nobody with this id waits in the room's lobby (admitted, declined or gone already). */
  not_waiting: 404,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  storage_unavailable: 503,
  voice_unavailable: 503,
  /** A gateway that is shutting down refuses new sockets; the edge passes them to another replica. */
  draining: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
