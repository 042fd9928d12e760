import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import { messageTextProblem, nameKey, normalizeName, textLength } from './text-rules.js';

describe('text rules: one way to count, shared by the web app and the services', () => {
  it('counts code points: an emoji outside the BMP is one character, not two', () => {
    expect(textLength('😀'.repeat(LIMITS.messageTextMax))).toBe(LIMITS.messageTextMax);
    expect(messageTextProblem('😀'.repeat(LIMITS.messageTextMax))).toBeNull();
    expect(messageTextProblem('😀'.repeat(LIMITS.messageTextMax + 1))).toMatch(/at most 2000/);
  });

  it('refuses NUL and lone surrogates in message text, keeps tabs, line breaks and markup as typed', () => {
    expect(messageTextProblem('a\u0000b')).toMatch(/NUL/);
    expect(messageTextProblem('broken \uD83D here')).toMatch(/surrogate/);
    expect(messageTextProblem('\uDE00 alone')).toMatch(/surrogate/);
    expect(messageTextProblem('line\n\tnext <b>bold</b> & "quoted"')).toBeNull();
  });
});

describe('names: NFKC, no controls, one key for confusable names', () => {
  it('normalises compatibility forms and whitespace', () => {
    expect(normalizeName('  Ｂｏｂ   Smith ', 1, 32)).toEqual({ ok: true, name: 'Bob Smith' });
  });

  it.each([
    ['a bidi override', 'Bob\u202Egnp.exe'],
    ['a bidi isolate', '\u2067Bob'],
    ['NUL', 'Bo\u0000b'],
    ['a control character', 'Bob\u0007'],
    ['a lone surrogate', 'Bob\uD800'],
    ['a zero-width space', 'B\u200Bob'],
  ])('refuses %s', (_what, raw) => {
    expect(normalizeName(raw, 1, 32).ok).toBe(false);
  });

  it('counts name length in code points after normalising', () => {
    expect(normalizeName('😀'.repeat(32), 1, 32).ok).toBe(true);
    expect(normalizeName('😀'.repeat(33), 1, 32).ok).toBe(false);
    expect(normalizeName('   ', 1, 32).ok).toBe(false);
  });

  it('gives confusable names one key: case, fullwidth, Cyrillic lookalikes', () => {
    const bob = nameKey('Bob');
    expect(nameKey('Ｂｏｂ')).toBe(bob);
    expect(nameKey('BOB')).toBe(bob);
    expect(nameKey('В\u043Eb')).toBe(bob);
    expect(nameKey('Rob')).not.toBe(bob);
  });
});
