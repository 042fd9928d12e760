import { createHmac } from 'node:crypto';
import type { IceServer } from './ice-server.js';

/** A TURN server that accepts time-limited credentials derived from a secret it shares with the backend. */
export interface TurnRestConfig {
  urls: string[];
  /** coturn's `static-auth-secret` (`use-auth-secret`). */
  secret: string;
  /** How long a minted credential stays valid, in seconds. */
  ttlSeconds: number;
}

/**
 * One member's TURN credential in the "TURN REST API" form coturn's `use-auth-secret` checks: the username is
 * `<unix expiry>:<userId>` and the password base64(HMAC-SHA1(secret, username)). Nothing is stored: the TURN
 * server recomputes the password and refuses the username once its expiry has passed.
 */
export function mintTurnServer(turn: TurnRestConfig, userId: string, nowMs = Date.now()): IceServer {
  const username = `${Math.floor(nowMs / 1000) + turn.ttlSeconds}:${userId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { urls: turn.urls, username, credential };
}
