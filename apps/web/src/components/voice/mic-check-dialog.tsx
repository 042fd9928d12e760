import { useId } from 'react';
import { Button } from '../ui/button.js';
import { Dialog } from '../ui/dialog.js';
import { MicCheckPanel } from './mic-check-panel.js';

/** The microphone check in a dialog, with the way on: join voice with the microphone chosen here. */
export function MicCheckDialog({ open, onClose, onJoin }: { open: boolean; onClose: () => void; onJoin?: () => void }) {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={onClose} labelledBy={titleId} className="m-auto w-[min(92vw,28rem)] rounded-2xl p-6">
      <h2 id={titleId} className="mb-4 text-lg font-semibold">
        Check your microphone
      </h2>
      <MicCheckPanel />
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
        {onJoin && (
          <Button
            onClick={() => {
              onClose();
              onJoin();
            }}
          >
            Join voice with this microphone
          </Button>
        )}
      </div>
    </Dialog>
  );
}
