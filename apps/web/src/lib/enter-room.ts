import { ApiError } from './api.js';
import { saveName, saveSession, sessionFromToken, type RoomSession } from './session-store.js';

/** Keeps what a successful create or join gave this browser: the room session and the name for next time. */
export function enterRoom(token: string, name: string): RoomSession {
  const session = sessionFromToken(token);
  if (!session) throw new ApiError(500, 'internal', 'The server answered with an unusable token.');
  saveName(name.trim());
  saveSession(session);
  return session;
}
