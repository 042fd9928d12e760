import { describe, expect, it } from 'vitest';
import { interleaveRooms } from './send-order.js';

describe('the send order', () => {
  it('takes one member of each room in turn, so no room gets a run of consecutive sends', () => {
    const connected = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'].map((name) => ({ name, roomId: name[0]! }));
    expect(interleaveRooms(connected).map((m) => m.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('keeps every member exactly once', () => {
    const connected = Array.from({ length: 200 }, (_, i) => ({ i, roomId: `room-${i % 7}` }));
    const order = interleaveRooms(connected);
    expect(order).toHaveLength(200);
    expect(new Set(order.map((m) => m.i)).size).toBe(200);
  });
});
