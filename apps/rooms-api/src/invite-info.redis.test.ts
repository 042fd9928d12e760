import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceJoin } from '@mugharred/redis-schema';
import { loginToken, startRooms, type RoomsHarness } from './test-support.js';

let h: RoomsHarness;
beforeAll(async () => {
  h = await startRooms();
});
afterAll(() => h.close());

const info = async (roomId: string) => (await h.call('GET', `/api/rooms/${roomId}`)).json();
const online = (roomId: string, userId: string) =>
  presenceJoin(h.deps.redis, { roomId, userId, connId: `t.${userId}` }, { ttlMs: 10_000, maxSocketsPerUser: 2 });

describe('the invite page', () => {
  it("names the host and whether voice runs, and the people inside only once the host shows them", async () => {
    const { roomId, room, token: host } = await h.create({ hostName: 'Hana' });
    const gus = loginToken('Gus');
    const away = loginToken('Ada');
    await h.join(roomId, 'Gus', gus.token);
    await h.join(roomId, 'Ada', away.token);
    await online(roomId, room.hostId);
    await online(roomId, gus.sub);
    expect(await info(roomId)).toMatchObject({ hostName: 'Hana', voice: false, participantCount: 3 });
    expect(await info(roomId)).not.toHaveProperty('people');

    const shown = await h.call('POST', `/api/rooms/${roomId}/invite-people`, { on: true }, host);
    expect(shown.json().room.showPeople).toBe(true);
    // Those online, oldest first: Ada holds a place but is not inside.
    expect((await info(roomId)).people).toEqual(['Hana', 'Gus']);
    expect(JSON.stringify(await info(roomId))).not.toContain(gus.sub);

    await h.call('POST', `/api/rooms/${roomId}/invite-people`, { on: false }, host);
    expect(await info(roomId)).not.toHaveProperty('people');
  });

  it('lets only the host choose, and refuses a bad body', async () => {
    const { roomId, token: host } = await h.create();
    const guest = (await h.join(roomId, 'Gus')).json();
    expect((await h.call('POST', `/api/rooms/${roomId}/invite-people`, { on: true }, guest.token)).statusCode).toBe(403);
    expect((await h.call('POST', `/api/rooms/${roomId}/invite-people`, { on: 1 }, host)).statusCode).toBe(400);
  });
});
