/** True when `text` mentions `name` as `@name` (case-insensitive, not followed by more of a word). */
export function mentions(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  const needle = `@${name.toLowerCase()}`;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
    const after = text.slice(at + needle.length, at + needle.length + 1);
    if (!after || !/[\p{L}\p{N}_]/u.test(after)) return true;
  }
  return false;
}

/** The `@partial` being typed just before the caret, or null: what the mention picker filters with. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  if (query.length > 32 || query.includes('\n')) return null;
  return { start: at, query };
}
