import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { heardSoFar, startPrivateRedis, type PrivateRedis } from '@mugharred/testing';
import type { Room } from '@mugharred/protocol';
import { channels, createRoom, getMember, getRoom, joinRoom, presenceJoin, presenceLeave, presenceRefresh } from './index.js';

let server: PrivateRedis;
let redis: Redis;
/** A second connection: the other gateway replica. */
let other: Redis;
let sub: Redis;
const published: string[] = [];

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new Redis(server.url);
  other = new Redis(server.url);
  sub = new Redis(server.url);
  sub.on('smessage', (_ch: string, msg: string) => published.push(msg));
});
afterAll(async () => {
  redis.disconnect();
  other.disconnect();
  sub.disconnect();
  await server.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resolves once `published` holds every message published before the call. */
const received = () => heardSoFar(sub);
let n = 0;
const id = (p: string) => `${p}${String(++n).padStart(22 - p.length, '0')}`;
const opts = { ttlMs: 5000, maxSocketsPerUser: 2 };

/** A room with its host and two guests (Bashir joined before Karim), everyone connected. */
async function busyRoom(): Promise<{ room: Room; bashir: string; karim: string }> {
  const now = Date.now();
  const room: Room = {
    id: id('r'),
    name: 'Handoff',
    hostId: id('h'),
    epoch: `ep${n}`,
    createdAt: now,
    expiresAt: now + 60_000,
    maxParticipants: 5,
    isLocked: false,
  };
  await createRoom(redis, room, { name: 'Amira', role: 'host', joinedAt: now });
  await sub.ssubscribe(channels.room(room.id));
  const bashir = id('u');
  const karim = id('u');
  // Karim's place is newer: Bashir has been present longest after the host.
  await joinRoom(redis, room.id, karim, { name: 'Karim', role: 'participant', joinedAt: now + 20 });
  await joinRoom(redis, room.id, bashir, { name: 'Bashir', role: 'participant', joinedAt: now + 10 });
  for (const userId of [room.hostId, bashir, karim]) {
    expect((await presenceJoin(redis, { roomId: room.id, userId, connId: `c.${userId}` }, opts)).ok).toBe(true);
  }
  await received();
  published.length = 0;
  return { room, bashir, karim };
}

/** The host_changed events published since the last reset. */
async function hostChanges(): Promise<{ hostId: string; name: string; reason: string }[]> {
  await received();
  return published
    .filter((p) => p.includes('"host_changed"'))
    .map((p) => JSON.parse(p.slice(p.indexOf('|') + 1)) as { hostId: string; name: string; reason: string });
}

describe('automatic host handoff', () => {
  it('a host who leaves hands the room to the longest-present member, and everyone hears it', async () => {
    const { room, bashir, karim } = await busyRoom();
    await presenceLeave(redis, { roomId: room.id, userId: room.hostId, connId: `c.${room.hostId}` }, 'left');
    expect((await getRoom(redis, room.id))?.hostId).toBe(bashir);
    expect((await getMember(redis, room.id, bashir))?.role).toBe('host');
    expect((await getMember(redis, room.id, karim))?.role).toBe('participant');
    expect(await hostChanges()).toEqual([{ type: 'room_event', roomId: room.id, event: 'host_changed', hostId: bashir, name: 'Bashir', reason: 'left' }]);
    const lists = published.filter((p) => p.startsWith('p|'));
    const last = JSON.parse(lists.at(-1)!.slice(2)) as { participants: { id: string; role: string }[] };
    expect(last.participants.map((p) => [p.id, p.role])).toEqual([
      [bashir, 'host'],
      [karim, 'participant'],
    ]);
  });

  it('a host offline within the grace stays host; past it the longest-present online member takes over', async () => {
    const { room, bashir, karim } = await busyRoom();
    // Bashir is offline too (past the TTL, no grace): Karim is the longest present of those online.
    await presenceLeave(redis, { roomId: room.id, userId: bashir, connId: `c.${bashir}` }, 'offline', 0);
    await presenceLeave(redis, { roomId: room.id, userId: room.hostId, connId: `c.${room.hostId}` }, 'offline', 200);
    await presenceRefresh(redis, room.id, [], 5000);
    expect((await getRoom(redis, room.id))?.hostId).toBe(room.hostId);
    expect(await hostChanges()).toEqual([]);
    await sleep(250);
    await presenceRefresh(redis, room.id, [], 5000);
    expect((await getRoom(redis, room.id))?.hostId).toBe(karim);
    expect((await hostChanges()).map((e) => [e.name, e.reason])).toEqual([['Karim', 'offline']]);
    // The old host comes back as a member, and stays one.
    const back = await presenceJoin(redis, { roomId: room.id, userId: room.hostId, connId: 'back.1' }, opts);
    expect(back.ok && back.room.hostId).toBe(karim);
    expect(back.ok && back.participants.find((p) => p.id === room.hostId)?.role).toBe('participant');
  });

  it('two replicas sweeping the same room at once make exactly one new host', async () => {
    const { room, bashir } = await busyRoom();
    await presenceLeave(redis, { roomId: room.id, userId: room.hostId, connId: `c.${room.hostId}` }, 'offline', 100);
    await sleep(150);
    await Promise.all([presenceRefresh(redis, room.id, [], 5000), presenceRefresh(other, room.id, [], 5000)]);
    expect((await hostChanges()).map((e) => e.hostId)).toEqual([bashir]);
    const members = Object.values(await redis.hgetall(`room:{${room.id}}:members`)).map((m) => JSON.parse(m) as { role: string });
    expect(members.filter((m) => m.role === 'host')).toHaveLength(1);
  });

  it('a host who leaves an empty room: the next member to arrive becomes host', async () => {
    const { room, bashir, karim } = await busyRoom();
    await presenceLeave(redis, { roomId: room.id, userId: bashir, connId: `c.${bashir}` }, 'offline', 0);
    await presenceLeave(redis, { roomId: room.id, userId: karim, connId: `c.${karim}` }, 'offline', 0);
    await presenceLeave(redis, { roomId: room.id, userId: room.hostId, connId: `c.${room.hostId}` }, 'left');
    expect(await getRoom(redis, room.id)).toMatchObject({ hostId: room.hostId, hostAway: true });
    expect(await hostChanges()).toEqual([]);
    const joined = await presenceJoin(redis, { roomId: room.id, userId: karim, connId: 'k.2' }, opts);
    expect(joined.ok && joined.room.hostId).toBe(karim);
    expect(joined.ok && joined.room.hostAway).toBeUndefined();
    expect((await hostChanges()).map((e) => [e.name, e.reason])).toEqual([['Karim', 'left']]);
  });

  it('a host who comes back before anyone else clears the wait', async () => {
    const { room, bashir, karim } = await busyRoom();
    for (const userId of [bashir, karim, room.hostId]) {
      await presenceLeave(redis, { roomId: room.id, userId, connId: `c.${userId}` }, 'offline', 0);
    }
    expect((await getRoom(redis, room.id))?.hostAway).toBe(true);
    await presenceJoin(redis, { roomId: room.id, userId: room.hostId, connId: 'h.2' }, opts);
    await presenceJoin(redis, { roomId: room.id, userId: bashir, connId: 'b.2' }, opts);
    expect(await getRoom(redis, room.id)).not.toHaveProperty('hostAway');
    expect((await getRoom(redis, room.id))?.hostId).toBe(room.hostId);
    expect(await hostChanges()).toEqual([]);
  });

  it('never replaces a host who has not connected yet (a room just created)', async () => {
    const now = Date.now();
    const room: Room = {
      id: id('r'),
      name: 'Fresh',
      hostId: id('h'),
      epoch: 'fresh',
      createdAt: now,
      expiresAt: now + 60_000,
      maxParticipants: 5,
      isLocked: false,
    };
    await createRoom(redis, room, { name: 'Amira', role: 'host', joinedAt: now });
    const guest = id('u');
    await joinRoom(redis, room.id, guest, { name: 'Bashir', role: 'participant', joinedAt: now + 1 });
    await presenceJoin(redis, { roomId: room.id, userId: guest, connId: 'g.1' }, opts);
    await presenceRefresh(redis, room.id, [`${guest}|g.1`], 5000);
    expect((await getRoom(redis, room.id))?.hostId).toBe(room.hostId);
  });
});
