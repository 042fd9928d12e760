import { useMemo, useState } from 'react';
import type { RoomSession } from '../../lib/session-store.js';
import { useAttention, useMentionNotifications } from '../../lib/use-attention.js';
import { useRoomClient, useRoomState } from '../../lib/use-room.js';
import { Composer } from './composer.js';
import { ConnectionBanner } from './connection-banner.js';
import { DownloadConversation } from './download-conversation.js';
import { MentionAlertToggle } from './mention-alert-toggle.js';
import { ExpiryBanner } from './expiry-banner.js';
import { MessageList } from './message-list.js';
import { ParticipantsDrawer } from './participants-drawer.js';
import { ParticipantsPanel } from './participants-panel.js';
import { RoomActions } from './room-actions.js';
import { RoomEndScreen } from './room-end-screen.js';
import { RoomHeader } from './room-header.js';
import { TypingIndicator } from './typing-indicator.js';
import { useConversationActions } from './use-conversation-actions.js';
import { VoiceBar } from './voice-bar.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';

/** A room this tab is in: header, messages, composer, and the people in it. */
export function RoomScreen({ session, onRejoin }: { session: RoomSession; onRejoin: () => void }) {
  const client = useRoomClient(session);
  const state = useRoomState(client);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // The room says who hosts (a handoff changes it live); the token's role only until the room is known.
  const isHost = state.room ? state.room.hostId === session.userId : session.role === 'host';
  const conversation = useConversationActions(client);
  const notifications = useMentionNotifications();
  const attention = useAttention(state.log.messages, session, state.room?.name, notifications.enabled);
  const others = useMemo(
    () => state.participants.filter((p) => p.id !== session.userId).map((p) => p.name),
    [state.participants, session.userId],
  );

  if (state.end) {
    return <RoomEndScreen reason={state.end} roomName={state.room?.name} isHost={isHost} onRejoin={onRejoin} />;
  }

  const copy = state.room && <DownloadConversation room={state.room} messages={state.log.messages} />;
  const roomActions = (
    <>
      <RoomActions client={client} room={state.room} isHost={isHost} />
      <MentionAlertToggle notifications={notifications} />
      {copy}
    </>
  );
  const people = <ParticipantsPanel client={client} state={state} />;
  return (
    <div className="flex h-dvh flex-col bg-white dark:bg-zinc-950">
      <RoomHeader state={state} actions={roomActions} onOpenPeople={() => setDrawerOpen(true)} />
      <ConnectionBanner state={state} />
      <ExpiryBanner state={state} offer={copy} />
      <div className="flex min-h-0 flex-1">
        <main className="flex min-w-0 flex-1 flex-col" aria-label="Conversation">
          <MessageList
            state={state}
            me={{ userId: session.userId, name: session.name, isHost }}
            unreadAfter={attention.unreadAfter}
            actions={conversation.actions}
            onDismiss={(id) => client.dismissPending(id)}
          />
          <TypingIndicator typing={state.typing} />
          <VoiceBar voice={client.voice} live={state.status === 'open'} />
          <Composer
            status={state.status}
            notice={state.notice}
            target={conversation.target}
            onCancelTarget={conversation.cancelTarget}
            others={others}
            onTyping={() => client.typing()}
            onSend={conversation.send}
          />
        </main>
        <aside
          className="hidden w-72 shrink-0 border-l border-zinc-200 bg-zinc-50/60 lg:flex lg:flex-col dark:border-zinc-800 dark:bg-zinc-900/40"
          aria-label="People in this room"
        >
          {people}
        </aside>
      </div>
      <ConfirmDialog
        open={conversation.deleting !== null}
        title="Delete this message for everyone?"
        body="Everyone sees “message deleted” in its place."
        confirmLabel="Delete"
        onCancel={() => conversation.confirmDelete(false)}
        onConfirm={() => conversation.confirmDelete(true)}
      />
      <ParticipantsDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)} actions={roomActions}>
        {people}
      </ParticipantsDrawer>
    </div>
  );
}
