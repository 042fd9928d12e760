/** A hue from the id (FNV-1a), in steps of 15 degrees so that neighbours are told apart. */
function hueFor(id: string): number {
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return (h % 24) * 15;
}

/** The first letter of a name on a colour derived from the user id (stable across sessions of a room). */
export function Avatar({ id, name, online, size = 'md' }: { id: string; name: string; online?: boolean; size?: 'sm' | 'md' }) {
  const letter = Array.from(name.trim())[0]?.toUpperCase() ?? '?';
  const hue = hueFor(id);
  const box = size === 'sm' ? 'size-7 text-xs' : 'size-9 text-sm';
  return (
    <span className="relative inline-flex shrink-0" aria-hidden="true">
      <span
        className={`${box} inline-flex items-center justify-center rounded-full font-semibold text-white`}
        style={{ background: `linear-gradient(135deg, oklch(0.66 0.16 ${hue}), oklch(0.55 0.18 ${hue + 30}))` }}
      >
        {letter}
      </span>
      {online !== undefined && (
        <span
          className={`absolute -right-0.5 -bottom-0.5 size-3 rounded-full border-2 border-white dark:border-zinc-900 ${
            online ? 'bg-emerald-500' : 'bg-zinc-300 dark:bg-zinc-600'
          }`}
        />
      )}
    </span>
  );
}
