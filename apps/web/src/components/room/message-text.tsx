import { memo, useMemo } from 'react';
import { renderMessage } from '../../lib/markdown.js';

interface MessageTextProps {
  text: string;
  own: boolean;
  /** Names of the room's people, so `@Amira Haddad` is one mention. */
  names?: readonly string[];
  /** This person's name: mentions of it are marked (`data-me`). */
  me?: string;
}

/**
 * A message's text, rendered as light Markdown (see lib/markdown.ts): the text is untrusted, its HTML is escaped
 * by the renderer and what the renderer makes passes DOMPurify before it reaches the DOM. `dir="auto"` lets
 * right-to-left text lay out on its own; `.message-text` (index.css) wraps any unbroken word.
 */
export const MessageText = memo(function MessageText({ text, own, names, me }: MessageTextProps) {
  const html = useMemo(() => renderMessage(text, { names, me }), [text, names, me]);
  return (
    <div
      dir="auto"
      data-message-text=""
      className={`message-text text-[15px] leading-relaxed ${own ? 'message-text-own' : ''}`}
      // Sanitised by renderMessage (DOMPurify, allow-list of the Markdown subset), never the raw text.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
