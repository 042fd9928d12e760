import { describe, expect, it } from 'vitest';
import { describeMicError } from './mic-errors.js';

const refusal = (name: string) => describeMicError(new DOMException('x', name));

describe('microphone errors in words', () => {
  it('tells a person who blocked the microphone how to allow it', () => {
    expect(refusal('NotAllowedError')).toContain('Microphone access is blocked');
    expect(refusal('SecurityError')).toContain('Microphone access is blocked');
  });

  it('says when there is no microphone at all', () => {
    expect(refusal('NotFoundError')).toContain('No microphone was found');
  });

  it('says when another app holds the microphone', () => {
    expect(refusal('NotReadableError')).toContain('in use by another app');
  });

  it('explains an unsupported browser or an insecure page for anything else', () => {
    expect(refusal('NotSupportedError')).toContain('secure (https) page');
    expect(describeMicError(new Error('odd'))).toContain('secure (https) page');
  });
});
