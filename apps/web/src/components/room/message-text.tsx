import { linkify } from '../../lib/linkify.js';

/**
 * A message's text as characters, never as markup: React escapes every part, and only http(s) URLs become
 * links. `dir="auto"` lets right-to-left text lay out on its own.
 */
export function MessageText({ text, own }: { text: string; own: boolean }) {
  return (
    <p dir="auto" className="text-[15px] leading-relaxed break-words whitespace-pre-wrap [overflow-wrap:anywhere]">
      {linkify(text).map((part, i) =>
        part.kind === 'link' ? (
          <a
            key={i}
            href={part.href}
            target="_blank"
            rel="noopener noreferrer"
            className={`underline underline-offset-2 ${own ? 'text-white decoration-white/60' : 'text-brand-700 decoration-brand-500/50 dark:text-brand-400'}`}
          >
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
