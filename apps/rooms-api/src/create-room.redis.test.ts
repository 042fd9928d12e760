import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_PATTERN } from '@mugharred/protocol';
import { getMember, getRoom } from '@mugharred/redis-schema';
import { decodeToken, forgeToken, REDIS_KINDS } from '@mugharred/testing';
import { loginToken, SECRET, startRooms, type RoomsHarness } from './test-support.js';

// One room "minute" is 1 s here: a 15-minute room lasts 15 s, its warning comes at 10 s.
let h: RoomsHarness;

const valid = { name: 'Standup', maxParticipants: 5, duration: 15, hostName: 'Hana' };
const createWith = (body: unknown, token?: string) => h.call('POST', '/api/create-room', body, token);

const createRoomContract = () =>
  describe('POST /api/create-room', () => {
  it('creates a room with the caller as host and answers with a host room token', async () => {
    const before = Date.now();
    const { roomId, token, room } = await h.create();
    expect(roomId).toMatch(new RegExp(ID_PATTERN));
    expect(room).toMatchObject({ id: roomId, name: 'Standup', maxParticipants: 5, isLocked: false });
    expect(room.hostId).toMatch(new RegExp(ID_PATTERN));
    expect(room.epoch).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect(room.expiresAt - room.createdAt).toBe(15 * 1000);
    expect(room.createdAt).toBeGreaterThanOrEqual(before);
    expect(decodeToken(token)).toMatchObject({ sub: room.hostId, name: 'Hana', roomId, role: 'host' });
  });

  it('stores the room where `redis-cli get "room:{<id>}"` finds it, with the host as its first member', async () => {
    const { roomId, room } = await h.create();
    expect(JSON.parse((await h.deps.redis.get(`room:{${roomId}}`))!)).toEqual(room);
    expect(await getRoom(h.deps.redis, roomId)).toEqual(room);
    expect(await getMember(h.deps.redis, roomId, room.hostId)).toMatchObject({ name: 'Hana', role: 'host' });
    expect((await h.call('GET', `/api/rooms/${roomId}`)).json().participantCount).toBe(1);
  });

  it('gives every room its own unguessable id and epoch', async () => {
    const a = await h.create();
    const b = await h.create();
    expect(a.roomId).not.toBe(b.roomId);
    expect(a.room.epoch).not.toBe(b.room.epoch);
    expect(a.room.hostId).not.toBe(b.room.hostId);
  });

  it('keeps the user id of a login token', async () => {
    const { sub, token } = loginToken('Ada');
    const { room, token: roomToken } = await h.create({ hostName: 'Ada' }, token);
    expect(room.hostId).toBe(sub);
    expect(decodeToken(roomToken).sub).toBe(sub);
  });

  it('schedules the expiring warning 5 room minutes before the end and the expiry at the end', async () => {
    const { roomId, room } = await h.create({ duration: 15 });
    const warning = await h.queue().getJob(`expiring-${roomId}`);
    const expiry = await h.queue().getJob(`expire-${roomId}`);
    expect(warning?.name).toBe('room-expiring');
    expect(expiry?.name).toBe('room-expire');
    expect(warning?.data).toEqual({ roomId });
    expect(await warning?.getState()).toBe('delayed');
    expect(await expiry?.getState()).toBe('delayed');
    // Due times, to within the few ms between scheduling and BullMQ stamping the jobs.
    expect(Math.abs(warning!.timestamp + warning!.delay - (room.expiresAt - 5000))).toBeLessThan(50);
    expect(Math.abs(expiry!.timestamp + expiry!.delay - room.expiresAt)).toBeLessThan(50);
    expect(expiry!.delay).toBeGreaterThan(14_900);
  });

  it('trims names and keeps markup in them as typed: names are plain text, never HTML', async () => {
    const { room, token } = await h.create({ name: '  <img src=x onerror=alert(1)>Retro  ', hostName: ' <script>x()</script>Hana ' });
    expect(room.name).toBe('<img src=x onerror=alert(1)>Retro');
    expect(decodeToken(token).name).toBe('<script>x()</script>Hana');
  });

  it('keeps plain-text names exactly as typed', async () => {
    const { room } = await h.create({ name: 'Tom & Jerry <3 "fans"' });
    expect(room.name).toBe('Tom & Jerry <3 "fans"');
  });

  it.each([
    ['a room name of only whitespace', { name: '   ' }],
    ['a room name over 64 characters', { name: 'r'.repeat(65) }],
    ['a host name with a bidi override', { hostName: 'Hana\u202E' }],
    ['a room name with a control character', { name: 'Retro\u0007' }],
    ['a host name over 32 characters', { hostName: 'h'.repeat(33) }],
  ])('refuses %s with 400 invalid_name', async (_what, patch) => {
    const res = await createWith({ ...valid, ...patch });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_name');
  });

  it.each([
    ['maxParticipants as a string', { maxParticipants: '5' }],
    ['maxParticipants of 1', { maxParticipants: 1 }],
    ['maxParticipants of 51', { maxParticipants: 51 }],
    ['a fractional maxParticipants', { maxParticipants: 2.5 }],
    ['a duration that is not offered', { duration: 45 }],
    ['duration as a string', { duration: '15' }],
    ['a number for the room name', { name: 7 }],
    ['null for the host name', { hostName: null }],
    ['an empty room name', { name: '' }],
    ['a raw name over 128 characters', { name: 'x'.repeat(129) }],
    ['an extra field', { isLocked: true }],
    ['no host name', { hostName: undefined }],
  ])('refuses %s with 400 invalid_body', async (_what, patch) => {
    const res = await createWith({ ...valid, ...patch });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_body');
    expect(res.json().error.message).toEqual(expect.any(String));
  });

  it('refuses a body over 4 KiB with 413 payload_too_large', async () => {
    const res = await createWith({ ...valid, name: 'x'.repeat(5000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('refuses an expired login token with 401 token_expired instead of making a new identity', async () => {
    const expired = forgeToken({ sub: loginToken().sub, name: 'Ada' }, { secret: SECRET, expiresIn: -1 });
    const res = await createWith(valid, expired);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('token_expired');
  });

  it('refuses a token signed with another secret with 401 invalid_token', async () => {
    const res = await createWith(valid, forgeToken({ sub: loginToken().sub, name: 'Ada' }, { secret: 'x'.repeat(40) }));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_token');
  });

  it('limits room creation per client IP with 429 rate_limited', async () => {
    const limited = await h.another({ CREATE_ROOM_RATE_PER_MINUTE: '2' });
    const from = (ip: string) => limited.inject({ method: 'POST', url: '/api/create-room', payload: valid, remoteAddress: ip });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await from('10.1.2.3')).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    expect((await from('10.1.2.3')).json().error.code).toBe('rate_limited');
    expect((await from('10.1.2.4')).statusCode).toBe(200);
  });
});

// One contract, run against a single Redis and against a 3-master Redis Cluster.
describe.each(REDIS_KINDS)('on a %s Redis', (kind) => {
  beforeAll(async () => {
    h = await startRooms({ ROOM_MINUTE_MS: '1000' }, kind);
  });
  afterAll(() => h.close());
  createRoomContract();
});
