import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { heardSoFar, startPrivateRedis, type PrivateRedis } from '@mugharred/testing';
import type { Room } from '@mugharred/protocol';
import {
  appendMessage,
  changeMessage,
  channels,
  countOnline,
  createRoom,
  DEDUP_GENERATION_MS,
  deleteRoom,
  getRoomFate,
  joinRoom,
  keys,
  kickMember,
  parseEnvelope,
  presenceJoin,
  presenceLeave,
  presenceRefresh,
  readEventsAfter,
  ROOM_FATE_TTL_MS,
  setLocked,
  setVoiceState,
} from './index.js';

let server: PrivateRedis;
let redis: Redis;
let sub: Redis;
const published: string[] = [];

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new Redis(server.url);
  sub = new Redis(server.url);
  sub.on('smessage', (_ch: string, msg: string) => published.push(msg));
});
afterAll(async () => {
  redis.disconnect();
  sub.disconnect();
  await server.stop();
});

const budget = { perSecond: 1000, burst: 1000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Resolves once `published` holds every message published before the call. */
const received = () => heardSoFar(sub);
let n = 0;
const id = (p: string) => `${p}${String(++n).padStart(22 - p.length, '0')}`;

async function newRoom(max = 3): Promise<Room> {
  const now = Date.now();
  const room: Room = {
    id: id('r'),
    name: 'Test room',
    hostId: id('h'),
    epoch: 'ep' + n,
    createdAt: now,
    expiresAt: now + 60_000,
    maxParticipants: max,
    isLocked: false,
  };
  await createRoom(redis, room, { name: 'Host', role: 'host', joinedAt: now });
  await sub.ssubscribe(channels.room(room.id));
  return room;
}

describe('room scripts', () => {
  it('admits members up to capacity, counting the host, and refuses the next', async () => {
    const room = await newRoom(2);
    const a = await joinRoom(redis, room.id, id('u'), { name: 'A', role: 'participant', joinedAt: Date.now() });
    expect(a.ok).toBe(true);
    const b = await joinRoom(redis, room.id, id('u'), { name: 'B', role: 'participant', joinedAt: Date.now() });
    expect(b).toEqual({ ok: false, code: 'room_full' });
  });

  it('refuses joins to a locked room but lets an existing member back in', async () => {
    const room = await newRoom();
    const uid = id('u');
    await joinRoom(redis, room.id, uid, { name: 'A', role: 'participant', joinedAt: 1 });
    expect((await setLocked(redis, room.id, true))?.isLocked).toBe(true);
    expect(JSON.parse((await redis.get(keys.room(room.id)))!).isLocked).toBe(true);
    expect(await joinRoom(redis, room.id, id('u'), { name: 'B', role: 'participant', joinedAt: 2 })).toEqual({ ok: false, code: 'room_locked' });
    expect((await joinRoom(redis, room.id, uid, { name: 'A2', role: 'participant', joinedAt: 3 })).ok).toBe(true);
  });

  it('numbers messages 1, 2, 3 and stores a retried clientMsgId once', async () => {
    const room = await newRoom();
    const base = { roomId: room.id, userId: room.hostId, name: 'Host' };
    const first = await appendMessage(redis, { ...base, clientMsgId: 'c1', text: 'one' }, budget);
    const retry = await appendMessage(redis, { ...base, clientMsgId: 'c1', text: 'one' }, budget);
    const second = await appendMessage(redis, { ...base, clientMsgId: 'c2', text: 'Tom & Jerry <3 "q"' }, budget);
    expect(first).toEqual({ status: 'stored', id: `${room.epoch}.1`, seq: 1 });
    expect(retry).toEqual({ status: 'duplicate', id: `${room.epoch}.1`, seq: 1 });
    expect(second).toEqual({ status: 'stored', id: `${room.epoch}.2`, seq: 2 });
    const all = await readEventsAfter(redis, room.id, 0);
    expect(all.map((e) => 'message' in e && [e.seq, e.message.text])).toEqual([[1, 'one'], [2, 'Tom & Jerry <3 "q"']]);
    expect((await readEventsAfter(redis, room.id, 1)).map((e) => e.seq)).toEqual([2]);
    const ttl = await redis.pttl(keys.history(room.id));
    expect(ttl).toBeGreaterThan(60_000);
    const env = parseEnvelope(Buffer.from(published.find((p) => p.startsWith('m2.'))!));
    expect(env).toMatchObject({ kind: 'message', seq: 2, at: all[1]!.at });
    expect(env?.kind === 'message' && JSON.parse(env.frame.toString()).message.text).toBe('Tom & Jerry <3 "q"');
  });

  it('refuses messages once the room is past its expiresAt, while its keys live on for the grace', async () => {
    const room = await newRoom();
    await redis.set(keys.room(room.id), JSON.stringify({ ...room, expiresAt: Date.now() - 1 }), 'KEEPTTL');
    const res = await appendMessage(redis, { roomId: room.id, userId: room.hostId, name: 'Host', clientMsgId: 'late', text: 't' }, budget);
    expect(res).toEqual({ status: 'refused', code: 'room_not_found' });
    expect(await readEventsAfter(redis, room.id, 0)).toEqual([]);
  });

  it('refuses messages from non-members', async () => {
    const room = await newRoom();
    const res = await appendMessage(redis, { roomId: room.id, userId: id('x'), name: 'X', clientMsgId: 'c', text: 't' }, budget);
    expect(res).toEqual({ status: 'refused', code: 'not_member' });
  });

  it('tracks presence per user across sockets and drops entries nobody refreshes', async () => {
    const room = await newRoom();
    const joined = await presenceJoin(redis, { roomId: room.id, userId: room.hostId, connId: 'a.1' }, { ttlMs: 200, maxSocketsPerUser: 2 });
    expect(joined.ok && joined.participants).toEqual([{ id: room.hostId, name: 'Host', role: 'host', online: true }]);
    await presenceJoin(redis, { roomId: room.id, userId: room.hostId, connId: 'b.1' }, { ttlMs: 200, maxSocketsPerUser: 2 });
    const third = await presenceJoin(redis, { roomId: room.id, userId: room.hostId, connId: 'c.1' }, { ttlMs: 200, maxSocketsPerUser: 2 });
    expect(third).toEqual({ ok: false, code: 'too_many' });
    await presenceLeave(redis, { roomId: room.id, userId: room.hostId, connId: 'a.1' }, 'offline');
    await sleep(250);
    await received();
    published.length = 0;
    expect(await presenceRefresh(redis, room.id, [], 200)).toBe(0);
    await received();
    expect(published.some((p) => p.includes('"participant_left"') && p.includes('offline'))).toBe(true);
    expect(published.some((p) => p.includes('"online":false'))).toBe(true);
  });

  it('keeps a member shown online through a grace when their last socket drops, and says nothing if they are back', async () => {
    const room = await newRoom();
    const host = (connId: string) => ({ roomId: room.id, userId: room.hostId, connId });
    await presenceJoin(redis, host('a.1'), { ttlMs: 5000, maxSocketsPerUser: 1 });
    await received();
    published.length = 0;
    await presenceLeave(redis, host('a.1'), 'offline', 300);
    expect(await countOnline(redis, room.id, Date.now())).toBe(1);
    const back = await presenceJoin(redis, host('b.1'), { ttlMs: 5000, maxSocketsPerUser: 1 });
    expect(back.ok && back.participants[0]!.online).toBe(true);
    await sleep(400);
    expect(await presenceRefresh(redis, room.id, [], 5000)).toBe(0);
    await received();
    expect(published).toEqual([]);
    await presenceLeave(redis, host('b.1'), 'offline', 200);
    await sleep(250);
    await presenceRefresh(redis, room.id, [], 5000);
    await received();
    expect(published.filter((p) => p.includes('"participant_left"'))).toHaveLength(1);
    expect(await countOnline(redis, room.id, Date.now())).toBe(0);
  });

  it('announces members a refresh brings back after their entries ran out (a paused replica)', async () => {
    const room = await newRoom();
    const entry = { roomId: room.id, userId: room.hostId, connId: 'p.1' };
    await presenceJoin(redis, entry, { ttlMs: 100, maxSocketsPerUser: 2 });
    await sleep(150);
    await received();
    published.length = 0;
    await presenceRefresh(redis, room.id, [], 100);
    await presenceRefresh(redis, room.id, [`${room.hostId}|p.1`], 5000);
    await received();
    const events = published.map((p) => framePublished(p) as { event?: string; type: string });
    expect(events.map((e) => e.event ?? e.type)).toEqual(['participant_left', 'participants_update', 'participant_joined', 'participants_update']);
  });

  it('kicks a member: frees the place, bans the id, announces it', async () => {
    const room = await newRoom(2);
    const uid = id('u');
    await joinRoom(redis, room.id, uid, { name: 'K', role: 'participant', joinedAt: 1 });
    expect(await kickMember(redis, room.id, room.hostId)).toBe('is_host');
    expect(await kickMember(redis, room.id, uid)).toBe('ok');
    expect(await joinRoom(redis, room.id, uid, { name: 'K', role: 'participant', joinedAt: 2 })).toEqual({ ok: false, code: 'kicked' });
    expect((await joinRoom(redis, room.id, id('u'), { name: 'L', role: 'participant', joinedAt: 3 })).ok).toBe(true);
  });

  it('deletes every key of an ended room but its fate, and refuses an early expiry', async () => {
    const room = await newRoom();
    await appendMessage(redis, { roomId: room.id, userId: room.hostId, name: 'H', clientMsgId: 'c', text: 't' }, budget);
    expect(await deleteRoom(redis, room.id, 'expired')).toBe('not_due');
    expect(await deleteRoom(redis, room.id, 'ended')).toBe('deleted');
    expect(await redis.keys(`room:{${room.id}}*`)).toEqual([keys.fate(room.id)]);
    expect(await getRoomFate(redis, room.id)).toBe('ended');
    const ttl = await redis.pttl(keys.fate(room.id));
    expect(ttl).toBeGreaterThan(ROOM_FATE_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(ROOM_FATE_TTL_MS);
    expect(await deleteRoom(redis, room.id, 'ended')).toBe('gone');
    expect(await getRoomFate(redis, id('r'))).toBeNull();
  });

  it('gives a sender a burst, then refuses with a retry delay and stores nothing, while retries cost nothing', async () => {
    const room = await newRoom();
    const base = { roomId: room.id, userId: room.hostId, name: 'H', text: 't' };
    const tight = { perSecond: 1, burst: 3 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await appendMessage(redis, { ...base, clientMsgId: `b${i}` }, tight));
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'rate_limited']);
    const refused = results[3] as { retryAfterMs: number };
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
    expect((await appendMessage(redis, { ...base, clientMsgId: 'b0' }, tight)).status).toBe('duplicate');
    expect(await redis.xlen(keys.history(room.id))).toBe(3);
  });

  it('shows a member in voice only while the socket that joined voice is live', async () => {
    const room = await newRoom();
    const entry = { roomId: room.id, userId: room.hostId, connId: 'v.1' };
    expect(await setVoiceState(redis, entry, { inVoice: true, muted: false })).toBe('not_joined');
    await presenceJoin(redis, entry, { ttlMs: 300, maxSocketsPerUser: 2 });
    await received();
    published.length = 0;
    expect(await setVoiceState(redis, entry, { inVoice: true, muted: true })).toBe('ok');
    await received();
    const update = framePublished(published.at(-1)!) as { participants: { voice?: unknown }[] };
    expect(update.participants[0]).toEqual({ id: room.hostId, name: 'Host', role: 'host', online: true, voice: { muted: true } });
    await presenceLeave(redis, entry, 'offline');
    await presenceJoin(redis, { ...entry, connId: 'v.2' }, { ttlMs: 300, maxSocketsPerUser: 2 });
    await received();
    const last = framePublished(published.at(-1)!) as { participants: { voice?: unknown }[] };
    expect(last.participants[0]!.voice).toBeUndefined();
  });
});

/** The frame JSON a replica would forward for a published payload. */
function framePublished(payload: string): unknown {
  const env = parseEnvelope(Buffer.from(payload));
  if (!env || !('frame' in env)) throw new Error(`not a frame: ${payload}`);
  return JSON.parse(env.frame.toString());
}

describe('dedup ids in generations', () => {
  /** What DEDUP_GENERATION_MS of waiting does to the current generation, without the wait. */
  const ageGeneration = (room: Room) => redis.hset(keys.senders(room.id), 'g', String(Date.now() - DEDUP_GENERATION_MS));
  const message = (room: Room, clientMsgId: string, userId = room.hostId) => ({ roomId: room.id, userId, name: 'H', clientMsgId, text: 't' });

  it('recognises a retry from the previous generation and drops the ids of the one before it', async () => {
    const room = await newRoom();
    expect(await appendMessage(redis, message(room, 'c1'), budget)).toMatchObject({ status: 'stored', seq: 1 });
    await ageGeneration(room);
    expect(await appendMessage(redis, message(room, 'c2'), budget)).toMatchObject({ status: 'stored', seq: 2 });
    expect(await appendMessage(redis, message(room, 'c1'), budget)).toEqual({ status: 'duplicate', id: `${room.epoch}.1`, seq: 1 });
    expect(await appendMessage(redis, message(room, 'c2'), budget)).toEqual({ status: 'duplicate', id: `${room.epoch}.2`, seq: 2 });
    await ageGeneration(room);
    expect(await appendMessage(redis, message(room, 'c3'), budget)).toMatchObject({ status: 'stored', seq: 3 });
    expect(await appendMessage(redis, message(room, 'c2'), budget)).toMatchObject({ status: 'duplicate', seq: 2 });
    const idsKept = [
      ...Object.keys(await redis.hgetall(keys.senders(room.id))),
      ...Object.keys(await redis.hgetall(keys.sendersBefore(room.id))),
    ].filter((f) => f.startsWith('m|'));
    expect(idsKept.sort()).toEqual([`m|${room.hostId}|c2`, `m|${room.hostId}|c3`]);
    expect(await redis.xlen(keys.history(room.id))).toBe(3);
  });

  /** A room whose host spent 2 of a burst of 3, after which another member's message turned the generation. */
  async function turnedAfterTwo(tight: { perSecond: number; burst: number }) {
    const room = await newRoom();
    const other = id('u');
    await joinRoom(redis, room.id, other, { name: 'O', role: 'participant', joinedAt: Date.now() });
    for (const c of ['a', 'b']) expect((await appendMessage(redis, message(room, c), tight)).status).toBe('stored');
    await ageGeneration(room);
    expect((await appendMessage(redis, message(room, 'o', other), tight)).status).toBe('stored');
    return room;
  }
  const tight = { perSecond: 0.01, burst: 3 };

  it('carries a sender budget over the turn of a generation', async () => {
    const room = await turnedAfterTwo(tight);
    expect((await appendMessage(redis, message(room, 'c'), tight)).status).toBe('stored');
    expect((await appendMessage(redis, message(room, 'd'), tight)).status).toBe('rate_limited');
  });

  it('carries it over for changes too', async () => {
    const room = await turnedAfterTwo(tight);
    expect((await changeMessage(redis, { roomId: room.id, userId: room.hostId, seq: 1, op: 'react', emoji: '👍' }, tight)).status).toBe('stored');
    expect((await appendMessage(redis, message(room, 'c'), tight)).status).toBe('rate_limited');
  });

  it('keeps each generation a hashtable from its first message, where a lookup does not scan every id', async () => {
    const room = await newRoom();
    await appendMessage(redis, message(room, 'a'), budget);
    expect(await redis.object('ENCODING', keys.senders(room.id))).toBe('hashtable');
    await ageGeneration(room);
    await appendMessage(redis, message(room, 'b'), budget);
    expect(await redis.object('ENCODING', keys.senders(room.id))).toBe('hashtable');
    expect(await appendMessage(redis, message(room, 'a'), budget)).toMatchObject({ status: 'duplicate', seq: 1 });
  });

  it('keeps both generations only as long as the room, and deletes them with it', async () => {
    const room = await newRoom();
    await appendMessage(redis, message(room, 'a'), budget);
    await ageGeneration(room);
    await appendMessage(redis, message(room, 'b'), budget);
    const roomExpiry = await redis.pexpiretime(keys.room(room.id));
    expect(roomExpiry).toBeGreaterThan(0);
    expect(await redis.pexpiretime(keys.senders(room.id))).toBe(roomExpiry);
    expect(await redis.pexpiretime(keys.sendersBefore(room.id))).toBe(roomExpiry);
    expect(await deleteRoom(redis, room.id, 'ended')).toBe('deleted');
    expect(await redis.exists(keys.senders(room.id), keys.sendersBefore(room.id))).toBe(0);
  });
});
