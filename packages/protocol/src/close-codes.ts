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
  /**
   * The replica is shutting down (a deploy); any other replica will take the client. The replica spreads these
   * closes over a few seconds itself and its reason carries a reconnect hint, `service restart; retry=<ms>`
   * (see retryHintMs): reconnect after that delay, without backoff and without counting it as a failure. The
   * member stays shown online meanwhile, so a prompt reconnect is seen by nobody.
   */
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
  /**
   * The room's history was reset under a new epoch: the storage lost messages this client may have been shown (a
   * Redis failover before they reached a replica). Reconnect and join with `since`: the reply has recovered:false,
   * so replace the messages held with the ones it brings.
   */
  historyReset: { code: 4005, retry: 'reconnect', reason: 'history reset' },
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

const RETRY_HINT = /; retry=(\d{1,5})$/;

/** A close reason with a reconnect hint: the client should reconnect after `ms` (0-99999), without backoff. */
export function withRetryHint(reason: string, ms: number): string {
  return `${reason}; retry=${Math.max(0, Math.min(99_999, Math.round(ms)))}`;
}

/** The reconnect hint of a close reason, in ms, or null when it carries none. */
export function retryHintMs(reason: string): number | null {
  const m = RETRY_HINT.exec(reason);
  return m ? Number(m[1]) : null;
}
