import { LIMITS } from './limits.js';

/**
 * The wire's text contract, one module for the web app and every service.
 *
 * Message text and names (display names, room names) are untrusted plain text: stored and delivered exactly as
 * the person typed them (names after the normalisation below). A consumer treats them as text: it may render
 * `text` as Markdown through an HTML sanitiser, escape them, or set them as a text node, but never inserts any of
 * them into a page as HTML. The server does not make them "safe HTML"; markup in them is just characters.
 *
 * Lengths are counted in Unicode code points (what JSON Schema's minLength/maxLength count, and so the servers'
 * validators): one emoji of one code point counts 1, not 2. LIMITS are in these units and the web app's
 * counters use textLength.
 */

/** Length in code points, the one way every limit of the wire is counted. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** NUL or a lone UTF-16 surrogate half: neither is text, and a lone half cannot be encoded as UTF-8 at all. */
const BROKEN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why message text is refused (null: it is fine). Tabs and line breaks are text; NUL and lone surrogates are not. */
export function messageTextProblem(text: string): string | null {
  if (BROKEN.test(text)) return 'A message may not contain NUL characters or unpaired surrogates';
  if (text.trim().length === 0) return 'A message cannot be empty';
  if (textLength(text) > LIMITS.messageTextMax) return `A message has at most ${LIMITS.messageTextMax} characters`;
  return null;
}

/**
 * Characters a name may not contain: controls (C0, DEL, C1), bidi embeddings, overrides and isolates and the
 * marks that reorder what follows (U+202E makes "Bob" read "boB" and hides what a name really says),
 * invisible separators and fillers, and a BOM. Zero-width joiner (U+200D) stays: emoji sequences need it.
 */
const NAME_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u061C\u115F\u1160\u180E\u200B\u200C\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]/;

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

/**
 * A display or room name as stored: NFKC-normalised (fullwidth and other compatibility forms become their plain
 * letters), whitespace runs collapsed to one space and trimmed, `min`..`max` code points, and refused when it
 * holds a NUL, a lone surrogate, a control, a bidi control or an invisible filler.
 */
export function normalizeName(raw: string, min: number, max: number, what = 'A name'): NameCheck {
  if (BROKEN.test(raw)) return { ok: false, message: `${what} may not contain NUL characters or unpaired surrogates` };
  const name = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (NAME_FORBIDDEN.test(name)) {
    return { ok: false, message: `${what} may not contain control, direction-changing or invisible characters` };
  }
  const length = textLength(name);
  if (length < min || length > max) return { ok: false, message: `${what} needs ${min} to ${max} characters` };
  return { ok: true, name };
}

/**
 * Letters of other scripts drawn like Latin ones (Cyrillic and Greek), folded to the Latin letter for comparing
 * names only; the name itself keeps what was typed.
 */
const LOOKALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', і: 'i', ј: 'j', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y',
  х: 'x', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't',
  υ: 'u', χ: 'x', ϲ: 'c',
};

/**
 * What two names that would be confused share: NFKC, case-folded, lookalike letters folded, spaces and zero-width
 * joiners dropped. "Bob", "ＢＯＢ", "bob" and Cyrillic "Воb" have one key; a room refuses a second member whose
 * name has the key of one already there.
 */
export function nameKey(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFKC');
  let key = '';
  for (const c of folded) {
    if (c === ' ' || c === '\u200D') continue;
    key += LOOKALIKES[c] ?? c;
  }
  return key;
}
