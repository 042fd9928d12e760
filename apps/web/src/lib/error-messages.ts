/** Words a person reads for each error code; the server's own message is the fallback. */
const MESSAGES: Record<string, string> = {
  network: 'Could not reach Mugharred. Check your connection and try again.',
  room_not_found: 'This room does not exist or has already expired.',
  room_link_invalid: 'This link is cut short or mistyped.',
  room_expired: 'This room has expired.',
  room_ended: 'The host ended this room.',
  extend_limit: 'This room already lasts as long as a room may (4 hours).',
  room_full: 'This room is full.',
  name_taken: 'Someone in this room already has this name (or one that looks the same). Please choose another.',
  room_locked: 'The host has locked this room: nobody new can join right now.',
  kicked: 'The host removed you from this room.',
  knock_declined: 'The host did not let you in.',
  not_waiting: 'That person is no longer waiting.',
  not_host: 'Only the host can do that.',
  rate_limited: 'You are sending messages too fast. Slow down a little.',
  /** rate_limited as an HTTP answer: too many creates or joins from one network. */
  too_many_attempts: 'Too many attempts from this network. Please wait a minute and try again.',
  invalid_name: 'Please choose another name.',
  unsafe_content: 'That message could not be sent.',
  token_expired: 'Your session expired. Please join again.',
  invalid_token: 'Your session is no longer valid. Please join again.',
  storage_unavailable: 'Mugharred is having trouble right now. Please try again in a moment.',
  voice_unavailable: 'Voice is unavailable right now. Chat works as usual; try again in a little while.',
  not_member: 'You are no longer a member of this room.',
  internal: 'Something went wrong on our side. Please try again.',
};

export function describeError(code: string, fallback?: string): string {
  return MESSAGES[code] ?? fallback ?? MESSAGES.internal!;
}
