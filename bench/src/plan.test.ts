import { describe, expect, it } from 'vitest';
import { planRooms } from './plan.js';

const sizes = { clients: 640, rooms: 64, workers: 2 };

describe('room placement', () => {
  it('routed: every member of a room on one server, the rooms landing on both servers', () => {
    const plan = planRooms(sizes, 'routed');
    const servers = plan.map((room) => {
      const onRoom = new Set(room.members.map((m) => m.server));
      expect(onRoom.size, room.roomId).toBe(1);
      return [...onRoom][0];
    });
    expect(new Set(servers)).toEqual(new Set([0, 1]));
  });

  it('spread: each room half on each server', () => {
    for (const room of planRooms(sizes, 'spread')) {
      expect(room.members.filter((m) => m.server === 0)).toHaveLength(5);
      expect(room.members.filter((m) => m.server === 1)).toHaveLength(5);
    }
  });
});
