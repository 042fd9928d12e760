import { useState } from 'react';
import { api, ApiError } from '../../lib/api.js';
import type { RoomClient } from '../../lib/room-client.js';

type Action = (client: typeof api, roomId: string, token: string) => Promise<unknown>;

/** Runs a host control over HTTP with the room token; the result reaches everyone as a live room event. */
export function useHostAction(client: RoomClient) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: Action) => {
    setBusy(true);
    setError(null);
    try {
      await action(api, client.me.roomId, client.token);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}
