import { RoomClient } from './room-client.js';
import type { RoomSession } from './session-store.js';

/** Time a client outlives its last user, so a remount (React StrictMode, a quick re-render) keeps the socket. */
const RELEASE_DELAY_MS = 1500;

interface Entry {
  client: RoomClient;
  users: number;
  releaseTimer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();

/** `room` only routes: the edge sends a room's members to one gateway replica (the token still decides access). */
function socketUrl(roomId: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?room=${encodeURIComponent(roomId)}`;
}

function entryFor(session: RoomSession): Entry {
  let entry = entries.get(session.roomId);
  if (entry?.client.getState().end && entry.client.token !== session.token) {
    // A new join after this tab left or was removed: start afresh with the new token.
    clearTimeout(entry.releaseTimer);
    entry.client.dispose();
    entry = undefined;
  }
  if (!entry) {
    entry = { client: new RoomClient(session, socketUrl(session.roomId)), users: 0 };
    entries.set(session.roomId, entry);
  }
  return entry;
}

/** The tab's one client for a room, created on first use but not started. */
export function roomClientFor(session: RoomSession): RoomClient {
  return entryFor(session).client;
}

/** Starts the room's client (once) and counts a user of it. Pair every acquire with a release. */
export function acquireRoomClient(session: RoomSession): void {
  const entry = entryFor(session);
  clearTimeout(entry.releaseTimer);
  entry.users += 1;
  entry.client.start();
}

/** Counts a user off; the socket closes once nobody has used it for a moment. */
export function releaseRoomClient(roomId: string): void {
  const entry = entries.get(roomId);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.releaseTimer = setTimeout(() => {
    if (entry.users > 0) return;
    entry.client.dispose();
    entries.delete(roomId);
  }, RELEASE_DELAY_MS);
}
