import type { ReactNode } from 'react';
import { Dialog } from '../ui/dialog.js';
import { CloseIcon } from '../ui/icons.js';

interface ParticipantsDrawerProps {
  open: boolean;
  onClose: () => void;
  actions: ReactNode;
  children: ReactNode;
}

/** On narrow screens: the people and the room's actions in a panel that slides over from the right. */
export function ParticipantsDrawer({ open, onClose, actions, children }: ParticipantsDrawerProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      labelledBy="drawer-title"
      className="m-0 ml-auto h-dvh max-h-none w-[min(88vw,22rem)] animate-fade-in border-l border-zinc-200 p-0 dark:border-zinc-800"
    >
      <div className="flex h-full flex-col">
        <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
          <h2 id="drawer-title" className="text-base font-semibold">
            Room
          </h2>
          <button type="button" onClick={onClose} aria-label="Close" className="inline-flex size-9 items-center justify-center rounded-lg hover:bg-zinc-100 dark:hover:bg-zinc-800">
            <CloseIcon />
          </button>
        </div>
        <div className="flex flex-wrap gap-2 border-b border-zinc-200 px-5 py-4 dark:border-zinc-800">{actions}</div>
        {children}
      </div>
    </Dialog>
  );
}
