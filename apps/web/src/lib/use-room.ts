import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { RoomClient } from './room-client.js';
import { acquireRoomClient, releaseRoomClient, roomClientFor } from './room-registry.js';
import type { RoomState } from './room-state.js';
import type { RoomSession } from './session-store.js';

/** The tab's client for this session's room, kept connected while the component is mounted. */
export function useRoomClient(session: RoomSession): RoomClient {
  const client = useMemo(() => roomClientFor(session), [session]);
  useEffect(() => {
    acquireRoomClient(session);
    return () => releaseRoomClient(session.roomId);
  }, [session]);
  return client;
}

export function useRoomState(client: RoomClient): RoomState {
  return useSyncExternalStore(client.subscribe, client.getState);
}
