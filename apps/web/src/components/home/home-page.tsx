import { PageShell } from '../ui/page-shell.js';
import { CreateRoomForm } from './create-room-form.js';
import { FeatureList } from './feature-list.js';

/** The pitch, the form and the features; on a phone the form comes right after the headline. */
export function HomePage() {
  return (
    <PageShell>
      <div className="grid gap-8 pt-2 sm:pt-6 lg:grid-cols-[1.1fr_1fr] lg:gap-x-16 lg:gap-y-0 lg:pt-16">
        <section className="animate-fade-in lg:self-end">
          <p className="mb-4 inline-flex items-center gap-2 rounded-full border border-brand-500/20 bg-brand-500/10 px-3 py-1 text-xs font-medium text-brand-700 dark:text-brand-400">
            <span className="size-1.5 rounded-full bg-brand-500" aria-hidden="true" /> No sign-up. No history.
          </p>
          <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl lg:text-6xl">
            Talk now.{' '}
            <span className="bg-gradient-to-r from-brand-600 to-cyan-500 bg-clip-text text-transparent dark:from-brand-400 dark:to-cyan-400">
              Gone later.
            </span>
          </h1>
          <p className="mt-5 max-w-lg text-base leading-relaxed text-zinc-600 sm:text-lg dark:text-zinc-400">
            Open a room, share the link, and chat in real time. When the timer runs out, the room and every message in
            it disappear for good.
          </p>
        </section>
        <div className="lg:col-start-2 lg:row-span-2 lg:row-start-1 lg:self-center">
          <CreateRoomForm />
        </div>
        <FeatureList />
      </div>
    </PageShell>
  );
}
