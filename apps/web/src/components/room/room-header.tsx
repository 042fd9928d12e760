import type { ReactNode } from 'react';
import type { RoomState } from '../../lib/room-state.js';
import { LogoMark } from '../ui/logo.js';
import { LockIcon, UsersIcon } from '../ui/icons.js';
import { Countdown } from './countdown.js';

interface RoomHeaderProps {
  state: RoomState;
  actions: ReactNode;
  onOpenPeople: () => void;
}

export function RoomHeader({ state, actions, onOpenPeople }: RoomHeaderProps) {
  const online = state.participants.filter((p) => p.online).length;
  const room = state.room;
  return (
    <header className="flex h-16 shrink-0 items-center gap-3 border-b border-zinc-200 px-3 sm:px-5 dark:border-zinc-800">
      <a href="/" aria-label="Mugharred home" className="shrink-0 rounded-lg">
        <LogoMark className="size-8" />
      </a>
      <div className="min-w-0 flex-1">
        <h1 className="flex items-center gap-1.5 truncate text-[15px] font-semibold tracking-tight">
          <span className="truncate">{room?.name ?? 'Connecting…'}</span>
          {room?.isLocked && (
            <span className="inline-flex shrink-0 items-center gap-1 rounded-full bg-amber-100 px-2 py-0.5 text-[11px] font-medium text-amber-800 dark:bg-amber-500/15 dark:text-amber-300">
              <LockIcon className="size-3" /> Locked
            </span>
          )}
        </h1>
        {room && (
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
            {online} online · {state.participants.length}/{room.maxParticipants} places
          </p>
        )}
      </div>
      {room && <Countdown expiresAt={room.expiresAt} warned={state.expiringAt !== null} />}
      <div className="hidden items-center gap-1.5 lg:flex">{actions}</div>
      <button
        type="button"
        onClick={onOpenPeople}
        className="inline-flex h-9 shrink-0 items-center gap-1.5 rounded-xl border border-zinc-200 px-2.5 text-sm font-medium lg:hidden dark:border-zinc-800"
        aria-label={`People and room options, ${online} online`}
      >
        <UsersIcon />
        <span className="tabular-nums">{online}</span>
      </button>
    </header>
  );
}
