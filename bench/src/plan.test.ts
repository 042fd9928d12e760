import { describe, expect, it } from 'vitest';
import { planRooms } from './plan.js';

const sizes = { clients: 640, rooms: 64, workers: 2, servers: 2 };

describe('room placement', () => {
  it('routed: every member of a room on one server, the rooms landing on every server', () => {
    for (const servers of [2, 4]) {
      const plan = planRooms({ ...sizes, servers }, 'routed');
      const used = plan.map((room) => {
        const onRoom = new Set(room.members.map((m) => m.server));
        expect(onRoom.size, room.roomId).toBe(1);
        return [...onRoom][0];
      });
      expect(new Set(used)).toEqual(new Set(Array.from({ length: servers }, (_, i) => i)));
    }
  });

  it('spread: each room split evenly over the servers', () => {
    for (const room of planRooms(sizes, 'spread')) {
      expect(room.members.filter((m) => m.server === 0)).toHaveLength(5);
      expect(room.members.filter((m) => m.server === 1)).toHaveLength(5);
    }
    for (const room of planRooms({ ...sizes, rooms: 32, servers: 4 }, 'spread')) {
      for (const server of [0, 1, 2, 3]) expect(room.members.filter((m) => m.server === server)).toHaveLength(5);
    }
  });
});
