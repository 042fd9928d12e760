import { createHmac } from 'node:crypto';

/**
 * Every voice credential is derived from one key (HMAC-SHA256) instead of stored: any rooms-api replica,
 * gateway or worker computes the same room secret and member token, so granting is idempotent and revoking
 * needs no shared state. Derivations are domain-separated by a label so one can never stand for another.
 */
const mac = (key: string, ...parts: string[]) =>
  createHmac('sha256', key).update(parts.join('\n')).digest('base64url');

/** The AudioBridge room's own `secret` (needed to destroy it, kick, and edit its allowed list). */
export const roomSecret = (key: string, roomId: string) => mac(key, 'mugharred-voice-room-secret', roomId);

/**
 * A member's personal Janus token for one room: `<roomId>.<mac>`. The room id in front (ids never contain a
 * dot) lets destroyRoom find and remove a room's tokens among all that Janus holds; the MAC makes it
 * unguessable.
 */
export const memberToken = (key: string, roomId: string, userId: string) =>
  `${roomId}.${mac(key, 'mugharred-voice-member-token', roomId, userId)}`;

/** The room a member token belongs to. */
export const tokenRoomId = (token: string) => token.slice(0, Math.max(0, token.indexOf('.')));
