import { useState } from 'react';
import type { RoomSession } from '../../lib/session-store.js';
import { useRoomClient, useRoomState } from '../../lib/use-room.js';
import { Composer } from './composer.js';
import { ConnectionBanner } from './connection-banner.js';
import { ExpiryBanner } from './expiry-banner.js';
import { MessageList } from './message-list.js';
import { ParticipantsDrawer } from './participants-drawer.js';
import { ParticipantsPanel } from './participants-panel.js';
import { RoomActions } from './room-actions.js';
import { RoomEndScreen } from './room-end-screen.js';
import { RoomHeader } from './room-header.js';
import { VoiceBar } from './voice-bar.js';

/** A room this tab is in: header, messages, composer, and the people in it. */
export function RoomScreen({ session, onRejoin }: { session: RoomSession; onRejoin: () => void }) {
  const client = useRoomClient(session);
  const state = useRoomState(client);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // The room says who hosts (a handoff changes it live); the token's role only until the room is known.
  const isHost = state.room ? state.room.hostId === session.userId : session.role === 'host';

  if (state.end) {
    return <RoomEndScreen reason={state.end} roomName={state.room?.name} isHost={isHost} onRejoin={onRejoin} />;
  }

  const actions = <RoomActions client={client} room={state.room} isHost={isHost} />;
  const people = <ParticipantsPanel client={client} state={state} />;
  return (
    <div className="flex h-dvh flex-col bg-white dark:bg-zinc-950">
      <RoomHeader state={state} actions={actions} onOpenPeople={() => setDrawerOpen(true)} />
      <ConnectionBanner state={state} />
      <ExpiryBanner state={state} />
      <div className="flex min-h-0 flex-1">
        <main className="flex min-w-0 flex-1 flex-col" aria-label="Conversation">
          <MessageList state={state} me={session.userId} onDismiss={(id) => client.dismissPending(id)} />
          <VoiceBar voice={client.voice} live={state.status === 'open'} />
          <Composer status={state.status} notice={state.notice} onSend={(text) => client.send(text)} />
        </main>
        <aside
          className="hidden w-72 shrink-0 border-l border-zinc-200 bg-zinc-50/60 lg:flex lg:flex-col dark:border-zinc-800 dark:bg-zinc-900/40"
          aria-label="People in this room"
        >
          {people}
        </aside>
      </div>
      <ParticipantsDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)} actions={actions}>
        {people}
      </ParticipantsDrawer>
    </div>
  );
}
