import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, keys, ROOM_GRACE_MS } from '@mugharred/redis-schema';
import { createRedis } from '@mugharred/service-kit';
import { startRooms, type RoomsHarness } from './test-support.js';

let h: RoomsHarness;
beforeAll(async () => {
  h = await startRooms();
});
afterAll(() => h.close());

/** One room minute of the harness, read off a room: a 15-minute room lasts 15 of them. */
const minuteOf = (room: { createdAt: number; expiresAt: number }, duration: number) => (room.expiresAt - room.createdAt) / duration;
const extend = (roomId: string, token: string) => h.call('POST', `/api/rooms/${roomId}/extend`, undefined, token);

describe('POST /api/rooms/:roomId/extend', () => {
  it('moves the end, every key, both jobs and tells the members, in 15-minute steps', async () => {
    const { roomId, room, token } = await h.create({ duration: 15 });
    const joined = (await h.join(roomId, 'Gus')).json();
    const sub = createRedis(h.config.redis, 'subscriber');
    const heard: { event: string; expiresAt?: number }[] = [];
    await sub.ssubscribe(channels.room(roomId));
    sub.on('smessage', (_c: string, payload: string) => heard.push(JSON.parse(payload.slice(payload.indexOf('|') + 1))));

    expect((await extend(roomId, joined.token)).statusCode).toBe(403);
    const res = await extend(roomId, token);
    expect(res.statusCode).toBe(200);
    const minute = minuteOf(room, 15);
    const expiresAt = room.expiresAt + 15 * minute;
    expect(res.json().room.expiresAt).toBe(expiresAt);
    expect((await h.call('GET', `/api/rooms/${roomId}`)).json().expiresAt).toBe(expiresAt);

    const redis = h.deps.redis;
    for (const key of [keys.room(roomId), keys.members(roomId)]) {
      expect(await redis.pexpiretime(key)).toBe(expiresAt + ROOM_GRACE_MS);
    }
    expect(await redis.zscore(keys.roomIndex(), roomId)).toBe(String(expiresAt));
    const expiry = await h.queue().getJob(`expire-${roomId}`);
    const warning = await h.queue().getJob(`expiring-${roomId}`);
    expect(Math.abs(expiry!.timestamp + expiry!.delay - expiresAt)).toBeLessThan(50);
    expect(Math.abs(warning!.timestamp + warning!.delay - (expiresAt - 5 * minute))).toBeLessThan(50);
    for (let i = 0; i < 100 && !heard.some((f) => f.event === 'extended'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(heard.filter((f) => f.event === 'extended')).toMatchObject([{ event: 'extended', expiresAt }]);
    sub.disconnect();
  });

  it('stops at 240 minutes in all, then answers 409 extend_limit', async () => {
    const { roomId, room, token } = await h.create({ duration: 120 });
    const answers: number[] = [];
    for (let i = 0; i < 9; i++) answers.push((await extend(roomId, token)).statusCode);
    expect(answers).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 409]);
    expect((await extend(roomId, token)).json().error.code).toBe('extend_limit');
    expect((await h.call('GET', `/api/rooms/${roomId}`)).json().expiresAt).toBe(room.createdAt + 240 * minuteOf(room, 120));
  });
});
