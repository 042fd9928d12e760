import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRooms, type RoomsHarness } from './test-support.js';

let h: RoomsHarness;
beforeAll(async () => {
  h = await startRooms();
});
afterAll(() => h.close());

const post = (roomId: string, action: string, token: string, body?: unknown) => h.call('POST', `/api/rooms/${roomId}/${action}`, body, token);

describe('POST /api/rooms/:roomId/host', () => {
  it('hands the room to a member: the new host holds the controls, the old one no longer does', async () => {
    const { roomId, room, token: hostToken } = await h.create();
    const guest = (await h.join(roomId, 'Gus')).json();
    const guestId = guest.room ? JSON.parse(atob(guest.token.split('.')[1])).sub : '';
    expect((await post(roomId, 'host', guest.token, { userId: room.hostId })).statusCode).toBe(403);

    const handed = await post(roomId, 'host', hostToken, { userId: guestId });
    expect(handed.statusCode).toBe(200);
    expect(handed.json().room.hostId).toBe(guestId);
    // The guest's token still says "participant"; the room's hostId is what counts.
    expect((await post(roomId, 'lock', guest.token)).statusCode).toBe(200);
    expect((await post(roomId, 'unlock', hostToken)).json().error.code).toBe('not_host');
    expect((await post(roomId, 'host', guest.token, { userId: guestId })).statusCode).toBe(400);
    expect((await post(roomId, 'host', guest.token, { userId: 'A'.repeat(22) })).json().error.code).toBe('member_not_found');
  });
});
