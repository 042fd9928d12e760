/**
 * Error codes seen from Janus 1.1.2: core codes come in `{janus:'error'}` replies, AudioBridge codes in
 * `plugindata.data.error_code`. Only the ones this package decides on are listed.
 */
export const JANUS_CODES = {
  /** Wrong or missing api_secret / token / admin_secret. */
  unauthorized: 403,
  /** The token is valid but not for this plugin. */
  unauthorizedPlugin: 405,
  /** The session expired (no keepalive for session_timeout) or never existed: make a new one. */
  noSuchSession: 458,
  noSuchHandle: 459,
  noSuchPlugin: 460,
  /** remove_token for a token Janus does not hold. */
  tokenNotFound: 490,
} as const;

export const AUDIOBRIDGE_CODES = {
  missingElement: 483,
  noSuchRoom: 485,
  roomExists: 486,
  /** Wrong room secret, wrong admin_key, or a token not in the room's allowed list. */
  unauthorized: 489,
  noSuchUser: 492,
} as const;

/** Janus answered and said no: the request was understood and refused. */
export class JanusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`janus error ${code}: ${reason}`);
    this.name = 'JanusError';
  }
}

/** Janus did not answer: not running, unreachable, or too slow. Voice is unavailable until it is back. */
export class JanusUnreachable extends Error {
  constructor(detail: string) {
    super(`janus unreachable: ${detail}`);
    this.name = 'JanusUnreachable';
  }
}
