import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { channels } from '@mugharred/redis-schema';
import { heardSoFar } from '@mugharred/testing';
import { loginToken, startRooms, type RoomsHarness } from './test-support.js';

let h: RoomsHarness;
let sub: Redis;
const heard: { roomId: string; event: string; on?: boolean; waiting?: { id: string; name: string }[] }[] = [];
beforeAll(async () => {
  h = await startRooms();
  sub = new Redis(h.server.env.REDIS_URL!);
  sub.on('smessage', (_ch: string, msg: string) => heard.push(JSON.parse(msg.slice(msg.indexOf('|') + 1))));
});
afterAll(async () => {
  sub.disconnect();
  await h.close();
});

const post = (roomId: string, path: string, token: string, body?: unknown) => h.call('POST', `/api/rooms/${roomId}/${path}`, body, token);
const ask = (roomId: string, name: string, token: string, knock?: boolean) =>
  h.call('POST', '/api/join-room', { roomId, participantName: name, ...(knock === undefined ? {} : { knock }) }, token);
const lobbyEvents = async (roomId: string) => {
  await heardSoFar(sub);
  return heard.filter((e) => e.roomId === roomId && e.event === 'lobby');
};

describe('the lobby', () => {
  it('with admitting one by one on, a joiner waits (202) with their name shown to the host, who admits them', async () => {
    const { roomId, token: host } = await h.create({ maxParticipants: 3 });
    await sub.ssubscribe(channels.room(roomId));
    expect((await post(roomId, 'lobby', host, { on: true })).json().room.lobby).toBe(true);
    expect((await h.call('GET', `/api/rooms/${roomId}`)).json().lobby).toBe(true);

    const gus = loginToken('Gus');
    const waiting = await ask(roomId, 'Gus', gus.token);
    expect(waiting.statusCode).toBe(202);
    expect(waiting.json()).toEqual({ waiting: true });
    // Asking again is how the page learns where it stands: still waiting.
    expect((await ask(roomId, 'Gus', gus.token)).statusCode).toBe(202);
    expect((await h.call('GET', `/api/rooms/${roomId}/lobby`, undefined, host)).json()).toEqual({ on: true, waiting: [{ id: gus.sub, name: 'Gus' }] });
    expect((await lobbyEvents(roomId)).map((e) => e.waiting)).toEqual([[], [{ id: gus.sub, name: 'Gus' }]]);
    // Only the host sees or decides.
    expect((await h.call('GET', `/api/rooms/${roomId}/lobby`, undefined, gus.token)).statusCode).toBe(403);
    expect((await post(roomId, 'lobby/admit', gus.token, { userId: gus.sub })).statusCode).toBe(403);

    const admitted = await post(roomId, 'lobby/admit', host, { userId: gus.sub });
    expect(admitted.json()).toEqual({ on: true, waiting: [] });
    const inside = await ask(roomId, 'Gus', gus.token);
    expect(inside.statusCode).toBe(200);
    expect(JSON.parse(atob(inside.json().token.split('.')[1]))).toMatchObject({ sub: gus.sub, roomId, role: 'participant' });
    expect((await post(roomId, 'lobby/admit', host, { userId: gus.sub })).json().error.code).toBe('not_waiting');
  });

  it('a declined person is told so, and stays out with any name', async () => {
    const { roomId, token: host } = await h.create();
    await post(roomId, 'lobby', host, { on: true });
    const eve = loginToken('Eve');
    expect((await ask(roomId, 'Eve', eve.token)).statusCode).toBe(202);
    expect((await post(roomId, 'lobby/decline', host, { userId: eve.sub })).json()).toEqual({ on: true, waiting: [] });
    const refused = await ask(roomId, 'Someone else', eve.token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('knock_declined');
  });

  it('a locked room refuses a plain join (423) and lets a person ask to enter; the lock does not stop the host admitting', async () => {
    const { roomId, token: host } = await h.create();
    await post(roomId, 'lock', host);
    const kim = loginToken('Kim');
    expect((await ask(roomId, 'Kim', kim.token)).json().error.code).toBe('room_locked');
    expect((await ask(roomId, 'Kim', kim.token, true)).statusCode).toBe(202);
    await post(roomId, 'lobby/admit', host, { userId: kim.sub });
    expect((await ask(roomId, 'Kim', kim.token)).statusCode).toBe(200);
  });

  it('asking needs a login token; names are checked against members and others waiting; capacity holds at admission', async () => {
    const { roomId, token: host } = await h.create({ maxParticipants: 2 });
    await post(roomId, 'lobby', host, { on: true });
    expect((await h.join(roomId, 'Anon')).json().error.code).toBe('unauthorized');
    expect((await ask(roomId, 'Hana', loginToken('Hana').token)).json().error.code).toBe('name_taken');
    const [a, b] = [loginToken('Ana'), loginToken('Bo')];
    expect((await ask(roomId, 'Ana', a.token)).statusCode).toBe(202);
    expect((await ask(roomId, 'ana', loginToken('ana').token)).json().error.code).toBe('name_taken');
    expect((await ask(roomId, 'Bo', b.token)).statusCode).toBe(202);
    // Two hosts' tabs admitting at once into the last place: one wins, the other is told the room is full.
    const answers = await Promise.all([
      post(roomId, 'lobby/admit', host, { userId: a.sub }),
      post(roomId, 'lobby/admit', host, { userId: b.sub }),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await post(roomId, 'lobby/admit', host, { userId: 'A'.repeat(22) })).json().error.code).toBe('not_waiting');
  });

  it('turning it off lets whoever waits in at their next ask', async () => {
    const { roomId, token: host } = await h.create();
    await post(roomId, 'lobby', host, { on: true });
    const lee = loginToken('Lee');
    expect((await ask(roomId, 'Lee', lee.token)).statusCode).toBe(202);
    expect((await post(roomId, 'lobby', host, { on: false })).json().room).not.toHaveProperty('lobby');
    expect((await ask(roomId, 'Lee', lee.token)).statusCode).toBe(200);
    expect((await h.call('GET', `/api/rooms/${roomId}/lobby`, undefined, host)).json()).toEqual({ on: false, waiting: [] });
  });

  it('refuses a bad body with 400', async () => {
    const { roomId, token: host } = await h.create();
    expect((await post(roomId, 'lobby', host, { on: 'yes' })).statusCode).toBe(400);
    expect((await post(roomId, 'lobby/admit', host, { userId: 'x'.repeat(65) })).statusCode).toBe(400);
  });
});
