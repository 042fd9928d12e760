import { useEffect, useRef } from 'react';
import { enterRoom } from '../../lib/enter-room.js';
import type { RoomSession } from '../../lib/session-store.js';
import { Button } from '../ui/button.js';
import { HourglassIcon } from '../ui/icons.js';
import { StatusScreen } from '../ui/status-screen.js';
import { useKnock } from './use-knock.js';

interface WaitingCardProps {
  roomId: string;
  roomName: string;
  name: string;
  onJoined: (session: RoomSession) => void;
  /** Back to the invite form (they gave up, or the host said no). */
  onStop: (refusal: string | null) => void;
}

/** A person who asked to enter, waiting until the host admits or declines them. */
export function WaitingCard({ roomId, roomName, name, onJoined, onStop }: WaitingCardProps) {
  const knock = useKnock(roomId, name);
  const settled = useRef(false);
  useEffect(() => {
    if (settled.current || knock.kind === 'waiting') return;
    settled.current = true;
    if (knock.kind === 'admitted') onJoined(enterRoom(knock.token, name));
    else onStop(knock.message);
  }, [knock, name, onJoined, onStop]);
  return (
    <StatusScreen
      icon={<HourglassIcon />}
      tone="neutral"
      title="Waiting for the host to let you in"
      actions={
        <Button variant="secondary" onClick={() => onStop(null)}>
          Stop asking
        </Button>
      }
    >
      <span role="status">
        You asked to enter <span dir="auto">{roomName}</span> as <strong dir="auto">{name}</strong>. The host sees your name
        and will admit you or not; this page moves on by itself. Keep it open: closing it withdraws your request.
      </span>
    </StatusScreen>
  );
}
