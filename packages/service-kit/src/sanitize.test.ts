import { describe, expect, it } from 'vitest';
import { sanitizeText } from './sanitize.js';

describe('sanitizeText', () => {
  it.each([
    'Tom & Jerry <3 "quoted"',
    'a < b && c > d',
    '&lt;not a tag&gt; &amp;',
    '<b>bold is harmless</b>',
    'مرحبا 👋🏽',
    'javascript:alert(1) as plain text',
  ])('keeps plain text exactly as typed: %s', (text) => {
    expect(sanitizeText(text)).toBe(text);
  });

  it.each([
    ['<script>alert(1)</script>hello', 'hello'],
    ['hi <img src=x onerror=alert(1)>', 'hi '],
    ['<a href="javascript:alert(1)">click</a>', 'click'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
  ])('removes active markup: %s', (input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  it('does not let entity-escaped markup come back to life', () => {
    const out = sanitizeText('<p onclick="x()">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(out === null || !/<script/i.test(out)).toBe(true);
  });
});
