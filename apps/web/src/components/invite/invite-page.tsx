import { Button } from '../ui/button.js';
import { ClockIcon, WifiOffIcon } from '../ui/icons.js';
import { PageShell } from '../ui/page-shell.js';
import { StatusScreen } from '../ui/status-screen.js';
import { navigate } from '../../lib/router.js';
import type { RoomSession } from '../../lib/session-store.js';
import { useNow } from '../../lib/use-now.js';
import { JoinCard } from './join-card.js';
import { MissingRoom } from './missing-room.js';
import { useRoomInfo } from './use-room-info.js';

/** What someone holding an invite link sees before they are in the room. */
export function InvitePage({ roomId, onJoined }: { roomId: string; onJoined: (session: RoomSession) => void }) {
  const [state, reload] = useRoomInfo(roomId);
  const now = useNow();
  const home = <Button onClick={() => navigate('/')}>Start your own room</Button>;

  let body;
  if (state.kind === 'loading') {
    body = <div className="mx-auto mt-24 size-8 animate-spin rounded-full border-2 border-zinc-300 border-t-brand-600" role="status" aria-label="Loading room" />;
  } else if (state.kind === 'missing') {
    body = <MissingRoom reason={state.reason} actions={home} />;
  } else if (state.kind === 'error') {
    body = (
      <StatusScreen icon={<WifiOffIcon />} tone="warning" title="Could not load this room" actions={<Button onClick={reload}>Try again</Button>}>
        {state.message}
      </StatusScreen>
    );
  } else if (state.info.expiresAt <= now) {
    body = (
      <StatusScreen icon={<ClockIcon />} tone="warning" title="This room has expired" actions={home}>
        Its time ran out, and every message in it is gone for good.
      </StatusScreen>
    );
  } else {
    body = <JoinCard info={state.info} now={now} onJoined={onJoined} onRefused={reload} />;
  }
  return <PageShell>{body}</PageShell>;
}
