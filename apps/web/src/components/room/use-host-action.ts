import { api } from '../../lib/api.js';
import type { RoomClient } from '../../lib/room-client.js';
import { useAction } from '../../lib/use-action.js';

type HostCall = (client: typeof api, roomId: string, token: string) => Promise<unknown>;

/** Runs a host control over HTTP with the room token; the result reaches everyone as a live room event. */
export function useHostAction(client: RoomClient) {
  const { run, busy, error } = useAction();
  return {
    run: (call: HostCall) =>
      run(async () => {
        await call(api, client.me.roomId, client.token);
      }),
    busy,
    error,
  };
}
