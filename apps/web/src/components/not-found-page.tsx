import { Button } from './ui/button.js';
import { DoorIcon } from './ui/icons.js';
import { PageShell } from './ui/page-shell.js';
import { StatusScreen } from './ui/status-screen.js';
import { navigate } from '../lib/router.js';

export function NotFoundPage() {
  return (
    <PageShell>
      <StatusScreen
        icon={<DoorIcon />}
        title="Nothing here"
        actions={<Button onClick={() => navigate('/')}>Start a room</Button>}
      >
        This page does not exist. Rooms live at links like <span className="font-mono text-sm">/r/…</span>.
      </StatusScreen>
    </PageShell>
  );
}
