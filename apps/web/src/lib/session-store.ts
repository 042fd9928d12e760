import type { Role } from '@mugharred/protocol';
import { readToken } from './jwt.js';

/** What a tab needs to rejoin a room after a reload: the room token and who it names. */
export interface RoomSession {
  roomId: string;
  token: string;
  userId: string;
  name: string;
  role: Role;
}

const roomKey = (roomId: string) => `mugharred:room:${roomId}`;
const NAME_KEY = 'mugharred:name';

/** Builds a session from a room token, or null when the token is not a usable room token. */
export function sessionFromToken(token: string): RoomSession | null {
  const info = readToken(token);
  if (!info?.roomId || !info.role) return null;
  return { roomId: info.roomId, token, userId: info.userId, name: info.name, role: info.role };
}

/** The stored session for a room, or null; an expired or malformed one is discarded on the way. */
export function loadSession(roomId: string): RoomSession | null {
  const raw = safeGet(roomKey(roomId));
  if (!raw) return null;
  const session = sessionFromToken(raw);
  const info = readToken(raw);
  if (!session || session.roomId !== roomId || !info || info.expiresAt <= Date.now()) {
    clearSession(roomId);
    return null;
  }
  return session;
}

export function saveSession(session: RoomSession): void {
  safeSet(roomKey(session.roomId), session.token);
}

export function clearSession(roomId: string): void {
  try {
    localStorage.removeItem(roomKey(roomId));
  } catch {
    // Storage may be unavailable (private mode); nothing to clear then.
  }
}

export function loadName(): string {
  return safeGet(NAME_KEY) ?? '';
}

export function saveName(name: string): void {
  safeSet(NAME_KEY, name);
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Without storage the session lives only as long as the tab.
  }
}
