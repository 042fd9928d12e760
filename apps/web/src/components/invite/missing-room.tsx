import type { ReactNode } from 'react';
import { ClockIcon, DoorIcon, PowerIcon } from '../ui/icons.js';
import { StatusScreen } from '../ui/status-screen.js';
import type { MissingReason } from './use-room-info.js';

const COPY: Record<MissingReason, { icon: ReactNode; title: string; body: string }> = {
  room_link_invalid: {
    icon: <DoorIcon />,
    title: 'This link is not complete',
    body: 'The room code in it is cut short or mistyped. Ask for the link again, or copy all of it.',
  },
  room_not_found: {
    icon: <DoorIcon />,
    title: 'No room at this link',
    body: 'There is no room with this code. It may be very old (rooms are forgotten a month after they close) or never existed.',
  },
  room_expired: {
    icon: <ClockIcon />,
    title: 'This room has expired',
    body: 'Its time ran out, and every message in it is gone for good.',
  },
  room_ended: {
    icon: <PowerIcon />,
    title: 'The host ended this room',
    body: 'It was closed by its host, and every message in it is gone for good.',
  },
};

/** What an invite link that leads to no live room says: which of the four cases it is. */
export function MissingRoom({ reason, actions }: { reason: MissingReason; actions: ReactNode }) {
  const copy = COPY[reason];
  return (
    <StatusScreen icon={copy.icon} tone={reason === 'room_expired' ? 'warning' : 'neutral'} title={copy.title} actions={actions}>
      {copy.body}
    </StatusScreen>
  );
}
