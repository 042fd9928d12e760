import type { ReactNode } from 'react';
import type { EndReason } from '../../lib/room-state.js';
import { navigate } from '../../lib/router.js';
import { Button } from '../ui/button.js';
import { ClockIcon, DoorIcon, LeaveIcon, PowerIcon, UserRemovedIcon, WifiOffIcon } from '../ui/icons.js';
import { PageShell } from '../ui/page-shell.js';
import { StatusScreen } from '../ui/status-screen.js';

interface Copy {
  icon: ReactNode;
  tone: 'neutral' | 'warning' | 'danger';
  title: string;
  body: (room: string) => string;
  rejoin?: boolean;
}

const COPY: Record<EndReason, Copy> = {
  kicked: {
    icon: <UserRemovedIcon />,
    tone: 'danger',
    title: 'You were removed from this room',
    body: (room) => `The host removed you from ${room}. You cannot rejoin it with this invite.`,
  },
  ended: {
    icon: <PowerIcon />,
    tone: 'neutral',
    title: 'The host ended this room',
    body: (room) => `${room} is closed and every message in it has been deleted.`,
  },
  expired: {
    icon: <ClockIcon />,
    tone: 'warning',
    title: 'This room has expired',
    body: (room) => `The time for ${room} ran out. The room and every message in it are gone for good.`,
  },
  gone: {
    icon: <DoorIcon />,
    tone: 'neutral',
    title: 'This room is no longer available',
    body: () => 'It may have expired or been ended. Nothing of it is left.',
  },
  left: {
    icon: <LeaveIcon />,
    tone: 'neutral',
    title: 'You left the room',
    body: (room) => `Your place in ${room} is free again.`,
    rejoin: true,
  },
  session_expired: {
    icon: <WifiOffIcon />,
    tone: 'warning',
    title: 'Your session ran out',
    body: () => 'Join again with your name to continue, if the room still has a place for you.',
    rejoin: true,
  },
  refused: {
    icon: <WifiOffIcon />,
    tone: 'danger',
    title: 'The connection was closed',
    body: () => 'The server closed this connection and asked us not to retry.',
    rejoin: true,
  },
  origin_refused: {
    icon: <WifiOffIcon />,
    tone: 'warning',
    title: 'This address cannot open the live connection',
    body: () =>
      `The server does not accept live connections from pages opened at ${window.location.origin}. ` +
      'Open the room at the address it was shared with. Running it yourself? Add this address to the ' +
      'gateway’s ALLOWED_ORIGINS.',
  },
};

const ENDED_BY_ME: Copy = { ...COPY.ended, title: 'You ended this room' };

/** Why this tab is no longer in the room, and where to go next. */
interface RoomEndScreenProps {
  reason: EndReason;
  roomName?: string;
  isHost: boolean;
  onRejoin: () => void;
}

export function RoomEndScreen({ reason, roomName, isHost, onRejoin }: RoomEndScreenProps) {
  const copy = reason === 'ended' && isHost ? ENDED_BY_ME : COPY[reason];
  const room = roomName ? `“${roomName}”` : 'the room';
  return (
    <PageShell>
      <StatusScreen
        icon={copy.icon}
        tone={copy.tone}
        title={copy.title}
        actions={
          <>
            {copy.rejoin && (
              <Button variant="secondary" onClick={onRejoin}>
                Join again
              </Button>
            )}
            <Button onClick={() => navigate('/')}>Start a new room</Button>
          </>
        }
      >
        {copy.body(room)}
      </StatusScreen>
    </PageShell>
  );
}
