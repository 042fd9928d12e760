import { useEffect, useRef, type ReactNode } from 'react';

interface StatusScreenProps {
  icon: ReactNode;
  tone?: 'neutral' | 'warning' | 'danger';
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}

const TONES = {
  neutral: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
  warning: 'bg-amber-100 text-amber-700 dark:bg-amber-500/15 dark:text-amber-400',
  danger: 'bg-red-100 text-red-700 dark:bg-red-500/15 dark:text-red-400',
};

/** A whole-card message (room expired, removed, not found) that takes focus so screen readers read it. */
export function StatusScreen({ icon, tone = 'neutral', title, children, actions }: StatusScreenProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="mx-auto mt-10 max-w-md animate-fade-in rounded-3xl border border-zinc-200 bg-white/80 p-8 text-center shadow-xl shadow-zinc-900/5 backdrop-blur sm:mt-16 dark:border-zinc-800 dark:bg-zinc-900/80">
      <div className={`mx-auto mb-5 flex size-14 items-center justify-center rounded-2xl ${TONES[tone]} [&_svg]:size-7`}>
        {icon}
      </div>
      <h1 ref={heading} tabIndex={-1} className="text-xl font-semibold tracking-tight outline-none">
        {title}
      </h1>
      <div className="mt-2 text-[15px] leading-relaxed text-zinc-600 dark:text-zinc-400">{children}</div>
      {actions && <div className="mt-7 flex flex-wrap justify-center gap-2">{actions}</div>}
    </section>
  );
}
