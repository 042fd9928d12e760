import { LIMITS } from '@mugharred/protocol/constants';
import { useId } from 'react';

/** How many people (host included) may be in the room: a slider with its value beside it. */
export function CapacityField({ value, onChange }: { value: number; onChange: (value: number) => void }) {
  const id = useId();
  return (
    <div>
      <div className="mb-1.5 flex items-baseline justify-between">
        <label htmlFor={id} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
          Up to
        </label>
        <output htmlFor={id} className="text-sm font-semibold tabular-nums">
          {value} people
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={LIMITS.participantsMin}
        max={LIMITS.participantsMax}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
        className="h-2 w-full cursor-pointer accent-brand-600"
      />
    </div>
  );
}
