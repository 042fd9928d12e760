/**
 * Every code the gateway closes a socket with. A client decides what to do from `retry` alone:
 * - 'reconnect': reconnect with backoff (and a fresh token for token_expired);
 * - 'stop': do not reconnect to this room; show `reason` to the person.
 * RFC 6455 codes are used where one fits; the rest follow one rule: 4000-4499 reconnect, 4500-4999 stop.
 */
export const CLOSE_CODES = {
  normal: { code: 1000, retry: 'stop', reason: 'closed' },
  /** Policy violation: a binary frame, or invalid frames past the tolerated count. */
  policyViolation: { code: 1008, retry: 'stop', reason: 'policy violation' },
  /** A frame over LIMITS.frameMaxBytes. */
  frameTooBig: { code: 1009, retry: 'stop', reason: 'frame too big' },
  internalError: { code: 1011, retry: 'reconnect', reason: 'internal error' },
  /** The replica is shutting down; any other replica will take the client. */
  serviceRestart: { code: 1012, retry: 'reconnect', reason: 'service restart' },
  /** The connection stopped answering pings. */
  pingTimeout: { code: 4000, retry: 'reconnect', reason: 'ping timeout' },
  /** The socket's token expired before a refresh_token arrived: refresh over HTTP, then reconnect. */
  tokenExpired: { code: 4001, retry: 'reconnect', reason: 'token expired' },
  /**
   * The client read slower than its room talked and its backlog passed the bound. The backlog is dropped and this
   * frame goes out ahead of it (behind at most 64 KiB the socket already held), so a client that still reads sees
   * it; one that reads nothing at all is cut 5 s later and sees 1006. Reconnect with `since` to catch up.
   */
  slowConsumer: { code: 4002, retry: 'reconnect', reason: 'too slow' },
  /** The user already holds the maximum number of sockets (on this replica, joined or not, or joined in this room). */
  tooManyConnections: { code: 4003, retry: 'reconnect', reason: 'too many connections' },
  /** No join_room arrived in time after the upgrade. */
  joinTimeout: { code: 4004, retry: 'reconnect', reason: 'join timeout' },
  /** Kept sending past the rate limit. Reconnect only after a pause. */
  flooding: { code: 4029, retry: 'reconnect', reason: 'rate limit' },
  kicked: { code: 4501, retry: 'stop', reason: 'kicked' },
  roomEnded: { code: 4502, retry: 'stop', reason: 'room ended' },
  roomExpired: { code: 4503, retry: 'stop', reason: 'room expired' },
  /** The room does not exist or the user is not (any longer) its member. */
  notMember: { code: 4504, retry: 'stop', reason: 'not a member' },
} as const;

export type CloseName = keyof typeof CLOSE_CODES;
export type CloseCode = (typeof CLOSE_CODES)[CloseName]['code'];

/** What a client should do after a close with `code` (codes not in the table follow the range rule). */
export function closeRetry(code: number): 'reconnect' | 'stop' {
  const known = Object.values(CLOSE_CODES).find((c) => c.code === code);
  if (known) return known.retry;
  if (code >= 4500 && code <= 4999) return 'stop';
  return 'reconnect';
}
