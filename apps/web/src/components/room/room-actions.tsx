import { EXTEND_STEP_MINUTES, type Room } from '@mugharred/protocol';
import { useState } from 'react';
import type { RoomClient } from '../../lib/room-client.js';
import { Button } from '../ui/button.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ClockIcon, LeaveIcon, LockIcon, PowerIcon, UnlockIcon } from '../ui/icons.js';
import { CopyInviteButton } from './copy-invite-button.js';
import { useHostAction } from './use-host-action.js';

/** Invite, the host's controls (lock, end) and leaving. The header shows them on wide screens, the drawer on narrow. */
export function RoomActions({ client, room, isHost }: { client: RoomClient; room: Room | null; isHost: boolean }) {
  const [confirmEnd, setConfirmEnd] = useState(false);
  const { run, busy, error } = useHostAction(client);
  if (!room) return null;
  return (
    <>
      <CopyInviteButton roomId={room.id} />
      {isHost && (
        <>
          <Button
            variant="secondary"
            size="sm"
            disabled={busy}
            aria-pressed={room.isLocked}
            onClick={() => void run((api, id, token) => (room.isLocked ? api.unlock(id, token) : api.lock(id, token)))}
          >
            {room.isLocked ? <UnlockIcon /> : <LockIcon />}
            {room.isLocked ? 'Unlock room' : 'Lock room'}
          </Button>
          <Button variant="secondary" size="sm" disabled={busy} onClick={() => void run((api, id, token) => api.extend(id, token))}>
            <ClockIcon />
            Add {EXTEND_STEP_MINUTES} min
          </Button>
          <Button variant="secondary" size="sm" disabled={busy} onClick={() => setConfirmEnd(true)} className="text-red-600 dark:text-red-400">
            <PowerIcon />
            End room
          </Button>
        </>
      )}
      <Button variant="ghost" size="sm" onClick={() => client.leave()}>
        <LeaveIcon />
        Leave
      </Button>
      {error && (
        <p role="alert" className="basis-full text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={confirmEnd}
        title="End this room for everyone?"
        body="Everyone is disconnected and every message is deleted. This cannot be undone."
        confirmLabel="End room"
        onCancel={() => setConfirmEnd(false)}
        onConfirm={() => {
          setConfirmEnd(false);
          void run((api, id, token) => api.end(id, token));
        }}
      />
    </>
  );
}
