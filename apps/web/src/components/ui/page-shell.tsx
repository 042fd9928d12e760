import type { ReactNode } from 'react';
import { Logo } from './logo.js';

/** Top bar with the brand and a centred content column, for every screen outside a room. */
export function PageShell({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="relative min-h-dvh overflow-hidden">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 -top-40 -z-10 mx-auto h-[32rem] max-w-5xl rounded-full bg-gradient-to-br from-brand-500/25 via-cyan-400/15 to-transparent blur-3xl dark:from-brand-500/20 dark:via-cyan-500/10"
      />
      <header className="mx-auto flex max-w-6xl items-center justify-between px-5 py-5 sm:px-8">
        <a href="/" className="rounded-lg" aria-label="Mugharred home">
          <Logo />
        </a>
        {aside}
      </header>
      <main className="mx-auto max-w-6xl px-5 pb-16 sm:px-8">{children}</main>
    </div>
  );
}
