import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels, type RedisClient } from '@mugharred/redis-schema';
import { createRedis } from '@mugharred/service-kit';
import { decodeToken, forgeToken } from '@mugharred/testing';
import { loginToken, SECRET, startRooms, type RoomsHarness } from './test-support.js';

let h: RoomsHarness;
let subscriber: RedisClient;
beforeAll(async () => {
  h = await startRooms();
  subscriber = createRedis(h.config.redis, 'subscriber');
});
afterAll(async () => {
  subscriber.disconnect();
  await h.close();
});

/** A room with its host and one participant, and the room events published from now on. */
async function roomWithGuest() {
  const host = await h.create();
  const joined = (await h.join(host.roomId, 'Gus')).json();
  const events: { kind: string; event: string; userId?: string }[] = [];
  await subscriber.ssubscribe(channels.room(host.roomId));
  subscriber.on('smessage', (channel: string, payload: string) => {
    if (channel !== channels.room(host.roomId)) return;
    const frame = JSON.parse(payload.slice(payload.indexOf('|') + 1));
    if (frame.type === 'room_event') events.push({ kind: payload[0]!, event: frame.event, userId: frame.userId });
  });
  return { ...host, guestToken: joined.token as string, guestId: decodeToken(joined.token).sub as string, events };
}

const hostCall = (roomId: string, action: string, token?: string, body?: unknown) =>
  h.call('POST', `/api/rooms/${roomId}/${action}`, body, token);
const published = async (events: { event: string }[], event: string) => {
  for (let i = 0; i < 100 && !events.some((e) => e.event === event); i++) await new Promise((r) => setTimeout(r, 10));
  return events.filter((e) => e.event === event);
};

describe('host controls', () => {
  it('lock and unlock answer the room, tell its members, and show on the invite page', async () => {
    const r = await roomWithGuest();
    const locked = await hostCall(r.roomId, 'lock', r.token);
    expect(locked.statusCode).toBe(200);
    expect(locked.json().room).toMatchObject({ id: r.roomId, isLocked: true });
    expect((await h.call('GET', `/api/rooms/${r.roomId}`)).json().isLocked).toBe(true);
    expect(await published(r.events, 'locked')).toHaveLength(1);
    const unlocked = await hostCall(r.roomId, 'unlock', r.token);
    expect(unlocked.json().room.isLocked).toBe(false);
    expect(await published(r.events, 'unlocked')).toHaveLength(1);
    expect((await h.join(r.roomId, 'Ida')).statusCode).toBe(200);
  });

  it('kick removes the member, frees the place, tells every replica and keeps them out', async () => {
    const r = await roomWithGuest();
    const res = await hostCall(r.roomId, 'kick', r.token, { userId: r.guestId });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await h.call('GET', `/api/rooms/${r.roomId}`)).json().participantCount).toBe(1);
    expect(await published(r.events, 'kicked')).toEqual([{ kind: 'c', event: 'kicked', userId: r.guestId }]);
    const back = await h.join(r.roomId, 'Gus', r.guestToken);
    expect(back.statusCode).toBe(403);
    expect(back.json().error.code).toBe('kicked');
  });

  it('refuses to kick the host with 400 cannot_kick_host', async () => {
    const r = await roomWithGuest();
    const res = await hostCall(r.roomId, 'kick', r.token, { userId: r.room.hostId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('cannot_kick_host');
  });

  it('answers a kick of someone who is not a member with 404 member_not_found', async () => {
    const r = await roomWithGuest();
    const res = await hostCall(r.roomId, 'kick', r.token, { userId: loginToken().sub });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('member_not_found');
  });

  it.each([
    ['no body', undefined],
    ['a number for the user id', { userId: 42 }],
    ['an extra field', { userId: 'x', reason: 'spam' }],
  ])('refuses a kick with %s with 400 invalid_body', async (_what, body) => {
    const r = await roomWithGuest();
    const res = await hostCall(r.roomId, 'kick', r.token, body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_body');
  });

  it('end closes the room for everyone, now, and drops its scheduled jobs', async () => {
    const r = await roomWithGuest();
    expect(await h.queue().getJob(`expire-${r.roomId}`)).toBeDefined();
    const res = await hostCall(r.roomId, 'end', r.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(await published(r.events, 'ended')).toEqual([{ kind: 'c', event: 'ended', userId: undefined }]);
    // Only the content-free fate is left, so the invite link can say the host ended it.
    expect(await h.deps.redis.keys(`room:{${r.roomId}}*`)).toEqual([`room:{${r.roomId}}:fate`]);
    expect(await h.queue().getJob(`expire-${r.roomId}`)).toBeUndefined();
    expect(await h.queue().getJob(`expiring-${r.roomId}`)).toBeUndefined();
    expect((await h.call('GET', `/api/rooms/${r.roomId}`)).json().error.code).toBe('room_ended');
    const again = await hostCall(r.roomId, 'end', r.token);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('room_not_found');
  });

  describe.each(['lock', 'unlock', 'kick', 'end'])('%s', (action) => {
    const body = (r: { guestId: string }) => (action === 'kick' ? { userId: r.guestId } : undefined);

    it("is refused to a participant's token with 403 not_host", async () => {
      const r = await roomWithGuest();
      const res = await hostCall(r.roomId, action, r.guestToken, body(r));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('not_host');
    });

    it("is refused to the host of another room with 403 not_host", async () => {
      const r = await roomWithGuest();
      const other = await h.create();
      const res = await hostCall(r.roomId, action, other.token, body(r));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('not_host');
    });

    it("is refused to the host's login token (not a room token) with 403 not_host", async () => {
      const r = await roomWithGuest();
      const login = forgeToken({ sub: r.room.hostId, name: 'Hana' }, { secret: SECRET });
      const res = await hostCall(r.roomId, action, login, body(r));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('not_host');
    });

    it('is refused without a token with 401 unauthorized, and with a forged one with 401 invalid_token', async () => {
      const r = await roomWithGuest();
      const none = await hostCall(r.roomId, action, undefined, body(r));
      expect(none.statusCode).toBe(401);
      expect(none.json().error.code).toBe('unauthorized');
      const forged = forgeToken({ sub: r.room.hostId, name: 'Hana', roomId: r.roomId, role: 'host' }, { secret: SECRET, alg: 'none' });
      const res = await hostCall(r.roomId, action, forged, body(r));
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_token');
    });

    it('leaves the room as it was when refused', async () => {
      const r = await roomWithGuest();
      await hostCall(r.roomId, action, r.guestToken, body(r));
      expect((await h.call('GET', `/api/rooms/${r.roomId}`)).json()).toMatchObject({ participantCount: 2, isLocked: false });
    });
  });
});
