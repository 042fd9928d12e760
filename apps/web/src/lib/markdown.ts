import DOMPurify from 'dompurify';
import MarkdownIt, { type StateInline } from 'markdown-it';

/** Who a message may mention: names of the room's people (longest match wins) and this person's own name. */
export interface MentionContext {
  names?: readonly string[];
  me?: string;
}

/**
 * The light Markdown people already type in chat, and nothing more: `code`, fenced code, *em*, **strong**,
 * links (written or bare http(s) URLs) and @mentions. Raw HTML is never parsed (`html: false`): a message's
 * `<img src=x>` renders as those characters. Headings, lists, quotes, tables and images stay plain text.
 */
const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: false })
  .enable(['fence', 'backticks', 'emphasis', 'link', 'autolink', 'linkify', 'escape', 'newline']);
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
// Only web links are clickable; `[x](javascript:...)`, data: or relative targets stay literal text.
const WEB_LINK = /^https?:\/\//i;
md.validateLink = (url) => WEB_LINK.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('target', '_blank');
  tokens[idx]!.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

const WORD = /[\p{L}\p{N}_]/u;
const MENTION_WORD = /^[\p{L}\p{N}_][\p{L}\p{N}_.-]*/u;

/** `@name`: a known name (case-insensitive, longest first), else one word; not inside an e-mail-like `a@b`. */
function mention(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x40 || (pos > 0 && WORD.test(src[pos - 1]!))) return false;
  const rest = src.slice(pos + 1);
  const ctx = state.env as MentionContext;
  const known = [...(ctx.names ?? [])]
    .sort((a, b) => b.length - a.length)
    .find((n) => n && rest.slice(0, n.length).toLowerCase() === n.toLowerCase() && !WORD.test(rest[n.length] ?? ''));
  const name = known ? rest.slice(0, known.length) : MENTION_WORD.exec(rest)?.[0].replace(/[.-]+$/, '');
  if (!name) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.content = name;
    token.meta = { me: !!ctx.me && ctx.me.toLowerCase() === name.toLowerCase() };
  }
  state.pos += name.length + 1;
  return true;
}
md.inline.ruler.before('emphasis', 'mention', mention);
md.renderer.rules.mention = (tokens, idx) => {
  const token = tokens[idx]!;
  const me = (token.meta as { me: boolean }).me ? ' data-me=""' : '';
  return `<span class="mention" data-mention=""${me}>@${md.utils.escapeHtml(token.content)}</span>`;
};

/** The last gate before the DOM: only the elements and attributes the renderer above can make survive. */
const PURIFY = {
  ALLOWED_TAGS: ['p', 'br', 'em', 'strong', 'code', 'pre', 'a', 'span'],
  ALLOWED_ATTR: ['href', 'target', 'rel', 'class', 'data-mention', 'data-me'],
  // DOMPurify's own pattern minus every scheme but http(s); it is checked against every attribute value, so it
  // must also pass plain values (`_blank`, `noopener noreferrer`), which contain no scheme.
  ALLOWED_URI_REGEXP: /^(?:https?:|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
};

/** A message's text as safe HTML: Markdown rendered with HTML escaped, then sanitised by DOMPurify. */
export function renderMessage(text: string, ctx: MentionContext = {}): string {
  const html = md.render(text, { ...ctx }).trimEnd();
  return DOMPurify.sanitize(html, PURIFY);
}
