import { describe, expect, it } from 'vitest';
import { mentionQuery, mentions } from './mentions.js';

describe('mentions', () => {
  it('finds @name as a whole name, whatever the case, names with spaces included', () => {
    expect(mentions('hi @amira, look', 'Amira')).toBe(true);
    expect(mentions('@Sara Lee are you there', 'Sara Lee')).toBe(true);
    expect(mentions('hi @amiras', 'Amira')).toBe(false);
    expect(mentions('amira without the at', 'Amira')).toBe(false);
  });

  it('reads the partial mention before the caret, only at a word start', () => {
    expect(mentionQuery('hello @Am', 9)).toEqual({ start: 6, query: 'Am' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail@example', 12)).toBeNull();
    expect(mentionQuery('no mention', 10)).toBeNull();
  });
});
