import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_PATTERN } from '@mugharred/protocol';
import { decodeToken, forgeToken, REDIS_KINDS } from '@mugharred/testing';
import { newId } from './room-access.js';
import { loginToken, SECRET, startRooms, type RoomsHarness } from './test-support.js';

let h: RoomsHarness;

const info = async (roomId: string) => (await h.call('GET', `/api/rooms/${roomId}`)).json();
const expectRefusal = (res: { statusCode: number; json: () => any }, status: number, code: string) => {
  expect(res.statusCode).toBe(status);
  expect(res.json().error).toEqual({ code, message: expect.any(String) });
};

const joinRoomContract = () =>
  describe('POST /api/join-room', () => {
  it('admits a person by room id with a participant token and takes a place', async () => {
    const { roomId, room } = await h.create();
    const res = await h.join(roomId, 'Gus');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.success).toBe(true);
    expect(body.room).toEqual(room);
    const claims = decodeToken(body.token);
    expect(claims).toMatchObject({ name: 'Gus', roomId, role: 'participant' });
    expect(claims.sub).toMatch(new RegExp(ID_PATTERN));
    expect(claims.sub).not.toBe(room.hostId);
    expect((await info(roomId)).participantCount).toBe(2);
  });

  it('keeps the user id of a login token', async () => {
    const { roomId } = await h.create();
    const { sub, token } = loginToken('Ada');
    const res = await h.join(roomId, 'Ada', token);
    expect(decodeToken(res.json().token)).toMatchObject({ sub, roomId, role: 'participant' });
  });

  it("keeps the user id of another room's token", async () => {
    const first = await h.create();
    const second = await h.create();
    const res = await h.join(second.roomId, 'Hala', first.token);
    expect(decodeToken(res.json().token)).toMatchObject({ sub: first.room.hostId, roomId: second.roomId, role: 'participant' });
  });

  it('lets a member join again without taking a second place, under the name first stored', async () => {
    const { roomId } = await h.create();
    const { sub, token } = loginToken('Ada');
    await h.join(roomId, 'Ada', token);
    const again = await h.join(roomId, 'Someone Else', token);
    expect(again.statusCode).toBe(200);
    expect(decodeToken(again.json().token)).toMatchObject({ sub, name: 'Ada', role: 'participant' });
    expect((await info(roomId)).participantCount).toBe(2);
  });

  it('keeps a returning host the host', async () => {
    const { roomId, token, room } = await h.create();
    const res = await h.join(roomId, 'Hana again', token);
    expect(decodeToken(res.json().token)).toMatchObject({ sub: room.hostId, name: 'Hana', role: 'host' });
  });

  it('refuses a join past capacity (the host counts) with 409 room_full', async () => {
    const { roomId } = await h.create({ maxParticipants: 2 });
    expect((await h.join(roomId, 'Gus')).statusCode).toBe(200);
    expectRefusal(await h.join(roomId, 'Ida'), 409, 'room_full');
    expect((await info(roomId)).participantCount).toBe(2);
  });

  it('frees a place when a member is kicked', async () => {
    const { roomId, token } = await h.create({ maxParticipants: 2 });
    const gus = decodeToken((await h.join(roomId, 'Gus')).json().token).sub;
    expectRefusal(await h.join(roomId, 'Ida'), 409, 'room_full');
    expect((await h.call('POST', `/api/rooms/${roomId}/kick`, { userId: gus }, token)).statusCode).toBe(200);
    expect((await h.join(roomId, 'Ida')).statusCode).toBe(200);
  });

  it('refuses newcomers to a locked room with 423 room_locked, but lets members back in', async () => {
    const { roomId, token } = await h.create();
    const member = loginToken('Ada');
    await h.join(roomId, 'Ada', member.token);
    await h.call('POST', `/api/rooms/${roomId}/lock`, undefined, token);
    expectRefusal(await h.join(roomId, 'Gus'), 423, 'room_locked');
    expect((await h.join(roomId, 'Ada', member.token)).statusCode).toBe(200);
  });

  it('refuses a kicked user with 403 kicked, even with a fresh participant name', async () => {
    const { roomId, token } = await h.create();
    const gus = loginToken('Gus');
    await h.join(roomId, 'Gus', gus.token);
    await h.call('POST', `/api/rooms/${roomId}/kick`, { userId: gus.sub }, token);
    expectRefusal(await h.join(roomId, 'Not Gus', gus.token), 403, 'kicked');
  });

  it('refuses an ended room with 404 room_not_found', async () => {
    const { roomId, token } = await h.create();
    await h.call('POST', `/api/rooms/${roomId}/end`, undefined, token);
    expectRefusal(await h.join(roomId, 'Gus'), 404, 'room_not_found');
  });

  it('refuses an unknown or malformed room id with 404 room_not_found', async () => {
    expectRefusal(await h.join(newId(), 'Gus'), 404, 'room_not_found');
    expectRefusal(await h.join('../../etc/passwd', 'Gus'), 404, 'room_not_found');
    expectRefusal(await h.join('room:*', 'Gus'), 404, 'room_not_found');
  });

  it('refuses to join an expired room with 404 room_not_found once its time is up; its invite info says 410 room_expired', async () => {
    // 50 ms room minutes: a 15-minute room lasts 750 ms.
    const fast = await h.another({ ROOM_MINUTE_MS: '50' });
    const created = (await fast.inject({ method: 'POST', url: '/api/create-room', payload: { name: 'Quick', maxParticipants: 5, duration: 15, hostName: 'Hana' } })).json();
    expect(created.room.expiresAt - created.room.createdAt).toBe(750);
    const joinFast = () => fast.inject({ method: 'POST', url: '/api/join-room', payload: { roomId: created.roomId, participantName: 'Gus' } });
    expect((await joinFast()).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, created.room.expiresAt - Date.now() + 20));
    expectRefusal(await joinFast(), 404, 'room_not_found');
    expectRefusal(await h.call('GET', `/api/rooms/${created.roomId}`), 410, 'room_expired');
    expectRefusal(await h.call('POST', `/api/rooms/${created.roomId}/lock`, undefined, created.token), 404, 'room_not_found');
  });

  it('refuses a present but expired token with 401 token_expired instead of making a new identity', async () => {
    const { roomId } = await h.create();
    const expired = forgeToken({ sub: newId(), name: 'Gus' }, { secret: SECRET, expiresIn: -30 });
    expectRefusal(await h.join(roomId, 'Gus', expired), 401, 'token_expired');
    expect((await info(roomId)).participantCount).toBe(1);
  });

  it.each([
    ['unsigned (alg none)', forgeToken({ sub: newId(), name: 'Eve' }, { secret: SECRET, alg: 'none' })],
    ['signed with another secret', forgeToken({ sub: newId(), name: 'Eve' }, { secret: 'e'.repeat(40) })],
    ['garbage', 'abc'],
  ])('refuses a token that is %s with 401 invalid_token', async (_what, token) => {
    const { roomId } = await h.create();
    expectRefusal(await h.join(roomId, 'Eve', token), 401, 'invalid_token');
  });

  it('keeps a participant name as typed, markup included: names are plain text, never HTML (protocol text rules)', async () => {
    const { roomId } = await h.create();
    const xss = await h.join(roomId, '<img src=x onerror=alert(1)>');
    expect(decodeToken(xss.json().token).name).toBe('<img src=x onerror=alert(1)>');
    const plain = await h.join(roomId, ' a < b & c ');
    expect(decodeToken(plain.json().token).name).toBe('a < b & c');
  });

  it.each([
    ['a participant name of only whitespace', { participantName: '  ' }, 'invalid_name'],
    ['a participant name over 32 characters', { participantName: 'p'.repeat(33) }, 'invalid_name'],
    ['a number for the participant name', { participantName: 5 }, 'invalid_body'],
    ['a number for the room id', { roomId: 12345 }, 'invalid_body'],
    ['a room id over 64 characters', { roomId: 'r'.repeat(65) }, 'invalid_body'],
    ['an extra field', { role: 'host' }, 'invalid_body'],
    ['no participant name', { participantName: undefined }, 'invalid_body'],
  ])('refuses %s with 400 %s', async (_what, patch, code) => {
    const { roomId } = await h.create();
    expectRefusal(await h.call('POST', '/api/join-room', { roomId, participantName: 'Gus', ...patch }), 400, code);
  });
});

const roomInfoContract = () =>
  describe('GET /api/rooms/:roomId', () => {
  it('shows an invite page what it needs, and no ids of people or messages', async () => {
    const { roomId, room } = await h.create({ name: 'Book club', maxParticipants: 8 });
    await h.join(roomId, 'Gus');
    const res = await h.call('GET', `/api/rooms/${roomId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: roomId,
      name: 'Book club',
      participantCount: 2,
      maxParticipants: 8,
      expiresAt: room.expiresAt,
      isLocked: false,
      lobby: false,
      hostName: 'Hana',
      voice: false,
    });
    expect(JSON.stringify(res.json())).not.toContain(room.hostId);
  });

  it('says which: an unknown id (404 room_not_found), a mistyped link (404 room_link_invalid), an ended room (410 room_ended)', async () => {
    expectRefusal(await h.call('GET', `/api/rooms/${newId()}`), 404, 'room_not_found');
    expectRefusal(await h.call('GET', '/api/rooms/short'), 404, 'room_link_invalid');
    expectRefusal(await h.call('GET', `/api/rooms/${newId().slice(0, 21)}`), 404, 'room_link_invalid');
    expectRefusal(await h.call('GET', `/api/rooms/${'a'.repeat(80)}`), 404, 'room_link_invalid');
    const { roomId, token } = await h.create();
    await h.call('POST', `/api/rooms/${roomId}/end`, undefined, token);
    expectRefusal(await h.call('GET', `/api/rooms/${roomId}`), 410, 'room_ended');
  });
});

// One contract, run against a single Redis and against a 3-master Redis Cluster.
describe.each(REDIS_KINDS)('on a %s Redis', (kind) => {
  beforeAll(async () => {
    h = await startRooms({}, kind);
  });
  afterAll(() => h.close());
  joinRoomContract();
  roomInfoContract();
});
