import { describe, expect, it } from 'vitest';
import { mayAcknowledgeShortOfReplicas, REPLICA_LOSS_HOLD_MS } from './replica-loss.js';

describe('a master short of replicas', () => {
  it('acknowledges nothing for the hold, then goes on without them', () => {
    const t0 = 1_000_000;
    expect(mayAcknowledgeShortOfReplicas('m1', t0)).toBe(false);
    expect(mayAcknowledgeShortOfReplicas('m1', t0 + REPLICA_LOSS_HOLD_MS - 1)).toBe(false);
    expect(mayAcknowledgeShortOfReplicas('m1', t0 + REPLICA_LOSS_HOLD_MS)).toBe(true);
  });

  it('holds each master on its own: one that was just promoted is not excused by another’s long wait', () => {
    const t0 = 2_000_000;
    mayAcknowledgeShortOfReplicas('old', t0);
    expect(mayAcknowledgeShortOfReplicas('old', t0 + REPLICA_LOSS_HOLD_MS)).toBe(true);
    expect(mayAcknowledgeShortOfReplicas('new', t0 + REPLICA_LOSS_HOLD_MS)).toBe(false);
  });

  it('starts a new hold when a master loses its replicas again after having them back', () => {
    const t0 = 3_000_000;
    mayAcknowledgeShortOfReplicas('m2', t0);
    expect(mayAcknowledgeShortOfReplicas('m2', t0 + REPLICA_LOSS_HOLD_MS)).toBe(true);
    // Not seen short for longer than the hold: its replicas were back meanwhile.
    expect(mayAcknowledgeShortOfReplicas('m2', t0 + 3 * REPLICA_LOSS_HOLD_MS)).toBe(false);
  });
});
