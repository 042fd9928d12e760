// A separate entry point (`@mugharred/service-kit/sanitize`): jsdom costs seconds and ~90 MB to load, so only
// the gateway, which sanitises message text, pays for it. Names are plain text (protocol's text rules).
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';

const window = new JSDOM('').window;
const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
const scratch = window.document.createElement('body');

/** Enough passes to peel markup hidden under entities (`&lt;script&gt;` inside a removed element). */
const MAX_PASSES = 4;

/**
 * Makes user text safe to store without changing plain text. Text that DOMPurify leaves as it is (it parses
 * and serialises the same with and without sanitising) is returned exactly as typed: `Tom & Jerry <3 "quoted"`
 * stays so, no HTML entities are introduced. When DOMPurify removes something (scripts, event handlers,
 * `javascript:` URLs), the message keeps only the text content of the cleaned markup, repeated until nothing
 * more is removed (entity-escaped markup could otherwise come back to life). Null if it never settles.
 */
export function sanitizeText(input: string): string | null {
  // Without '<' nothing can parse as an element, so there is nothing to remove: the common case is free.
  if (!input.includes('<')) return input;
  let text = input;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const clean = purify.sanitize(text);
    scratch.innerHTML = text;
    if (clean === scratch.innerHTML) return text;
    scratch.innerHTML = clean;
    text = scratch.textContent ?? '';
    if (!text.includes('<')) return text;
  }
  return null;
}
