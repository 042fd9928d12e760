import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, closeRetry, retryHintMs, withRetryHint } from './close-codes.js';

describe('the 1012 reconnect hint', () => {
  it('round-trips through a close reason that stays within the 123 bytes a close frame allows', () => {
    const reason = withRetryHint(CLOSE_CODES.serviceRestart.reason, 187.6);
    expect(reason).toBe('service restart; retry=188');
    expect(new TextEncoder().encode(reason).length).toBeLessThanOrEqual(123);
    expect(retryHintMs(reason)).toBe(188);
    expect(closeRetry(CLOSE_CODES.serviceRestart.code)).toBe('reconnect');
  });

  it('reads no hint from a reason without one, and clamps what it writes', () => {
    expect(retryHintMs('service restart')).toBeNull();
    expect(retryHintMs('retry=5')).toBeNull();
    expect(retryHintMs(withRetryHint('x', -5))).toBe(0);
    expect(retryHintMs(withRetryHint('x', 1e9))).toBe(99_999);
  });
});
