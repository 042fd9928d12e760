import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('reconnect backoff', () => {
  it('doubles per failed attempt up to the cap, with jitter between half and all of the step', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 500, 10_000, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 500, 10_000, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(30, 500, 10_000, () => 1)).toBe(10_000);
  });
});
