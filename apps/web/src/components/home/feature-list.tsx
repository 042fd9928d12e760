import { HourglassIcon, ShieldIcon, UsersIcon } from '../ui/icons.js';

const FEATURES = [
  { icon: <UsersIcon />, title: 'Live presence', text: 'See who is here right now, across every device.' },
  { icon: <HourglassIcon />, title: 'Rooms that expire', text: '15 minutes to 2 hours, then nothing is left.' },
  { icon: <ShieldIcon />, title: 'Host in control', text: 'Lock the door, remove someone, or end it early.' },
];

export function FeatureList() {
  return (
    <ul className="grid gap-5 sm:grid-cols-3 lg:mt-10 lg:max-w-xl lg:self-start">
      {FEATURES.map((f) => (
        <li key={f.title} className="flex gap-3 sm:flex-col sm:gap-1.5">
          <span className="inline-flex size-9 shrink-0 items-center justify-center rounded-xl bg-white text-brand-600 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-brand-400 dark:ring-zinc-800 [&_svg]:size-[18px]">
            {f.icon}
          </span>
          <span className="flex flex-col gap-0.5 sm:mt-1">
            <span className="text-sm font-semibold">{f.title}</span>
            <span className="text-sm leading-snug text-zinc-500 dark:text-zinc-400">{f.text}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
