import { useState } from 'react';
import { loadSession, type RoomSession } from '../lib/session-store.js';
import { InvitePage } from './invite/invite-page.js';
import { RoomScreen } from './room/room-screen.js';

/** /r/<roomId>: the room itself when this browser holds a working session for it, else its invite page. */
export function RoomRoute({ roomId }: { roomId: string }) {
  // Held in state, not re-read from storage: a tab that is removed keeps showing why, though its session is gone.
  const [session, setSession] = useState<RoomSession | null>(() => loadSession(roomId));
  if (!session) return <InvitePage roomId={roomId} onJoined={setSession} />;
  return <RoomScreen session={session} onRejoin={() => setSession(null)} />;
}
