import type { ReplyQuote as Quote } from '@mugharred/protocol';

/** The quoted original above a reply; activating it scrolls to the original when this tab holds it. */
export function ReplyQuote({ quote, own, onJump }: { quote: Quote; own: boolean; onJump: (seq: number) => void }) {
  return (
    <button
      type="button"
      data-reply-to={quote.seq}
      onClick={() => onJump(quote.seq)}
      className={`mb-1 block max-w-full truncate rounded-lg border-l-4 px-2.5 py-1 text-left text-xs ${
        own ? 'border-brand-300 bg-brand-50 text-zinc-700 dark:bg-brand-500/10 dark:text-zinc-300' : 'border-zinc-300 bg-zinc-50 text-zinc-600 dark:border-zinc-600 dark:bg-zinc-900 dark:text-zinc-400'
      }`}
      aria-label={`Reply to ${quote.name}: ${quote.text}. Show the original`}
    >
      <span className="font-semibold">{quote.name}</span> <span dir="auto">{quote.text}</span>
    </button>
  );
}
