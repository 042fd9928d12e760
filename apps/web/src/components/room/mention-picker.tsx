interface MentionPickerProps {
  id: string;
  names: readonly string[];
  active: number;
  onPick: (name: string) => void;
}

/** The people whose names start with what follows the `@` being typed; the composer drives it by keyboard. */
export function MentionPicker({ id, names, active, onPick }: MentionPickerProps) {
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="Mention someone"
      className="absolute bottom-full left-3 z-20 mb-2 w-64 overflow-hidden rounded-xl border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      {names.map((name, i) => (
        <li
          key={name}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          onMouseDown={(e) => {
            // Keeps the focus in the text box.
            e.preventDefault();
            onPick(name);
          }}
          className={`cursor-pointer truncate px-3 py-1.5 text-sm ${i === active ? 'bg-brand-50 text-brand-800 dark:bg-brand-500/15 dark:text-brand-200' : ''}`}
        >
          @{name}
        </li>
      ))}
    </ul>
  );
}
