import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.js';

describe('linkify', () => {
  it('makes http and https URLs links and keeps the rest as text', () => {
    expect(linkify('see https://example.com/a?b=1&c=2 and http://x.org')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1&c=2', href: 'https://example.com/a?b=1&c=2' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
    ]);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com', 'vbscript:msgbox']) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('leaves sentence punctuation after a URL out of the link', () => {
    const parts = linkify('Look at https://example.com/page.');
    expect(parts[1]).toEqual({ kind: 'link', text: 'https://example.com/page', href: 'https://example.com/page' });
    expect(parts[2]).toEqual({ kind: 'text', text: '.' });
  });

  it('keeps markup-looking text as plain text, character for character', () => {
    expect(linkify('Tom & Jerry <3 "quoted"')).toEqual([{ kind: 'text', text: 'Tom & Jerry <3 "quoted"' }]);
  });
});
