import { HourglassIcon, ShieldIcon, UsersIcon } from '../ui/icons.js';

const FEATURES = [
  { icon: <UsersIcon />, title: 'Live presence', text: 'See who is here right now, across every device.' },
  { icon: <HourglassIcon />, title: 'Rooms that expire', text: '15 minutes to 2 hours, then nothing is left.' },
  { icon: <ShieldIcon />, title: 'Host in control', text: 'Lock the door, remove someone, or end it early.' },
];

export function FeatureList() {
  return (
    <ul className="mt-10 grid gap-4 sm:grid-cols-3 lg:max-w-xl">
      {FEATURES.map((f) => (
        <li key={f.title} className="flex flex-col gap-1.5">
          <span className="inline-flex size-9 items-center justify-center rounded-xl bg-white text-brand-600 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:text-brand-400 dark:ring-zinc-800 [&_svg]:size-[18px]">
            {f.icon}
          </span>
          <span className="mt-1 text-sm font-semibold">{f.title}</span>
          <span className="text-sm leading-snug text-zinc-500 dark:text-zinc-400">{f.text}</span>
        </li>
      ))}
    </ul>
  );
}
