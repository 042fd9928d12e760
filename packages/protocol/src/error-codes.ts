/**
 * Every error code an API answer or an `error` frame carries, with the HTTP status it maps to and the message
 * sent when the code's user has nothing more particular to say. Codes are never reused for another meaning.
 */
export const ERRORS = {
  invalid_body: { status: 400, message: 'The request is not valid' },
  invalid_frame: { status: 400, message: 'That frame is not valid' },
  invalid_name: { status: 400, message: 'That name is not allowed' },
  cannot_kick_host: { status: 400, message: 'The host cannot be kicked; end the room instead' },
  unsafe_content: { status: 400, message: 'That text is not allowed' },
  unauthorized: { status: 401, message: 'Send the token as "Authorization: Bearer <token>"' },
  token_expired: { status: 401, message: 'The token has expired' },
  invalid_token: { status: 401, message: 'The token is not valid' },
  room_token_required: { status: 401, message: 'This needs a room token' },
  forbidden_origin: { status: 403, message: 'This origin may not open a socket' },
  not_host: { status: 403, message: 'Only the host of this room can do that' },
  kicked: { status: 403, message: 'You were removed from this room' },
  wrong_room: { status: 403, message: 'This token is for another room' },
  not_member: { status: 403, message: 'You are not a member of this room' },
  not_joined: { status: 409, message: 'Join the room first' },
  not_author: { status: 403, message: 'Only its author can change a message' },
  message_not_found: { status: 404, message: 'No such message in this room' },
  message_deleted: { status: 409, message: 'That message was deleted' },
  edit_window_passed: { status: 409, message: 'That message can no longer be edited' },
  too_many_reactions: { status: 409, message: 'That message has as many reactions as it can hold' },
  room_not_found: { status: 404, message: 'This room does not exist, has expired or has ended' },
  /** An invite link whose room id cannot be one of ours: cut short or mistyped. */
  room_link_invalid: { status: 404, message: 'This link is incomplete or mistyped: it cannot name a room' },
  room_expired: { status: 410, message: 'This room has expired' },
  room_ended: { status: 410, message: 'The host ended this room' },
  route_not_found: { status: 404, message: 'No such route' },
  member_not_found: { status: 404, message: 'No member with this id is in the room' },
  room_full: { status: 409, message: 'This room is full' },
  /** The room already lasts ROOM_MAX_MINUTES. */
  extend_limit: { status: 409, message: 'This room cannot last any longer' },
  /** Someone in the room already has this name, or one that looks the same ("Bob" / "Ｂｏｂ" / "bob"). */
  name_taken: { status: 409, message: 'Someone in this room already has that name' },
  room_locked: { status: 423, message: 'This room is locked' },
  /** The host declined this person's request to enter. */
  knock_declined: { status: 403, message: 'The host did not let you in' },
  /** Nobody with this id waits in the room's lobby (admitted, declined or gone already). */
  not_waiting: { status: 404, message: 'Nobody with this id is waiting to enter' },
  payload_too_large: { status: 413, message: 'The request body is too large' },
  rate_limited: { status: 429, message: 'Too many requests, slow down' },
  internal: { status: 500, message: 'Something went wrong on our side' },
  storage_unavailable: { status: 503, message: 'Storage is unavailable, try again shortly' },
  voice_unavailable: { status: 503, message: 'Voice is unavailable right now; chat works as usual' },
  /** A gateway that is shutting down refuses new sockets; the edge passes them to another replica. */
  draining: { status: 503, message: 'This replica is restarting; connect again' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

