import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { heardSoFar, startPrivateRedis, type PrivateRedis } from '@mugharred/testing';
import { LIMITS, type ChatMessage, type MessageChangeEvent, type Room } from '@mugharred/protocol';
import {
  appendMessage,
  changeMessage,
  channels,
  createRoom,
  deleteRoom,
  joinRoom,
  keys,
  parseEnvelope,
  presenceJoin,
  readEventsAfter,
  type MessageChange,
} from './index.js';

let server: PrivateRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

/** Collects what is published on a room's channel from now on. */
async function listen(roomId: string): Promise<{ published: Buffer[]; received: () => Promise<unknown>; stop: () => void }> {
  const sub = new Redis(server.url);
  const published: Buffer[] = [];
  sub.on('smessageBuffer', (_ch: Buffer, msg: Buffer) => published.push(msg));
  await sub.ssubscribe(channels.room(roomId));
  return { published, received: () => heardSoFar(sub), stop: () => sub.disconnect() };
}

const budget = { perSecond: 1000, burst: 1000 };
let n = 0;
const id = (p: string) => `${p}${String(++n).padStart(22 - p.length, '0')}`;

type ChangeBody = { seq: number } & ({ op: 'edit'; text: string } | { op: 'delete' } | { op: 'react' | 'unreact'; emoji: string });

interface Fixture {
  room: Room;
  host: string;
  guest: string;
  send: (userId: string, text: string, replyTo?: number) => Promise<number>;
  change: (userId: string, c: ChangeBody) => ReturnType<typeof changeMessage>;
  snapshot: (since?: number) => Promise<Extract<Awaited<ReturnType<typeof presenceJoin>>, { ok: true }>>;
}

async function newRoom(): Promise<Fixture> {
  const now = Date.now();
  const room: Room = {
    id: id('r'),
    name: 'Talk',
    hostId: id('h'),
    epoch: 'ep' + n,
    createdAt: now,
    expiresAt: now + 60_000,
    maxParticipants: 5,
    isLocked: false,
  };
  await createRoom(redis, room, { name: 'Host', role: 'host', joinedAt: now });
  const guest = id('g');
  await joinRoom(redis, room.id, guest, { name: 'Guest', role: 'participant', joinedAt: now + 1 });
  const names: Record<string, string> = { [room.hostId]: 'Host', [guest]: 'Guest' };
  let c = 0;
  return {
    room,
    host: room.hostId,
    guest,
    send: async (userId, text, replyTo) => {
      const res = await appendMessage(
        redis,
        { roomId: room.id, userId, name: names[userId]!, clientMsgId: `c${++c}`, text, ...(replyTo ? { replyTo } : {}) },
        budget,
      );
      if (res.status !== 'stored') throw new Error(JSON.stringify(res));
      return res.seq;
    },
    change: (userId, ch) => changeMessage(redis, { ...ch, roomId: room.id, userId } satisfies MessageChange, budget),
    snapshot: async (since) => {
      const res = await presenceJoin(
        redis,
        { roomId: room.id, userId: room.hostId, connId: `s.${++c}` },
        { ttlMs: 5000, maxSocketsPerUser: 100, ...(since !== undefined ? { since: { epoch: room.epoch, seq: since } } : {}) },
      );
      if (!res.ok) throw new Error(res.code);
      return res;
    },
  };
}

/** What a client holds after applying a joined reply and then `live` frames, keyed by message seq. */
function replay(messages: ChatMessage[], changes: MessageChangeEvent[]): Map<number, ChatMessage> {
  const held = new Map(messages.map((m) => [m.seq, m]));
  for (const ch of [...changes].sort((a, b) => a.seq - b.seq)) held.set(ch.message.seq, ch.message);
  return held;
}

describe('conversation changes in the room stream', () => {
  it('numbers each edit, delete and reaction as its own event, published like a message', async () => {
    const f = await newRoom();
    const s1 = await f.send(f.guest, 'helo');
    const { published, received, stop } = await listen(f.room.id);
    expect(await f.change(f.guest, { op: 'edit', seq: s1, text: 'hello' })).toEqual({ status: 'stored', seq: 2 });
    expect(await f.change(f.host, { op: 'react', seq: s1, emoji: '👍' })).toEqual({ status: 'stored', seq: 3 });
    const s4 = await f.send(f.host, 'next');
    expect(s4).toBe(4);
    await received();
    stop();
    const envs = published.map((p) => parseEnvelope(p)!).filter((e) => e.kind === 'message');
    expect(envs.map((e) => e.seq)).toEqual([2, 3, 4]);
    // Each stored event carries its write time, on the wire and in the stream alike.
    expect(envs.map((e) => e.at)).toEqual((await readEventsAfter(redis, f.room.id, 1)).map((e) => e.at));
    expect(envs[0]!.at).toBeGreaterThan(Date.now() - 60_000);
    const edited = JSON.parse(envs[0]!.frame.toString()) as MessageChangeEvent;
    expect(edited).toMatchObject({ event: 'message_edited', seq: 2, message: { seq: 1, text: 'hello', userId: f.guest } });
    expect(edited.message.editedAt).toBeGreaterThan(0);
    const reacted = JSON.parse(envs[1]!.frame.toString()) as MessageChangeEvent;
    expect(reacted).toMatchObject({ event: 'reaction_added', seq: 3, userId: f.host, emoji: '👍' });
    expect(reacted.message.reactions).toEqual([{ emoji: '👍', users: [{ id: f.host, name: 'Host' }] }]);
    expect((await readEventsAfter(redis, f.room.id, 1)).map((e) => ('change' in e ? e.change.event : 'message'))).toEqual([
      'message_edited',
      'reaction_added',
      'message',
    ]);
  });

  it('lets only the author edit, within the edit window, and says which limit', async () => {
    const f = await newRoom();
    const s1 = await f.send(f.guest, 'mine');
    expect(await f.change(f.host, { op: 'edit', seq: s1, text: 'not yours' })).toEqual({ status: 'refused', code: 'not_author' });
    expect(await f.change(f.guest, { op: 'edit', seq: s1, text: 'mine' })).toEqual({ status: 'unchanged' });
    // Age the stored message past the window: the script reads its ts from the stream.
    const [entry] = (await redis.xrange(keys.history(f.room.id), '1-0', '1-0')) as [string, string[]][];
    const old = { ...JSON.parse(entry![1][1]!), ts: Date.now() - LIMITS.editWindowMs - 1000 };
    await redis.hset(keys.changed(f.room.id), '1', JSON.stringify(old));
    expect(await f.change(f.guest, { op: 'edit', seq: s1, text: 'late' })).toEqual({
      status: 'refused',
      code: 'edit_window_passed',
      limit: 'editWindowMs',
    });
    expect(await f.change(f.guest, { op: 'edit', seq: 99, text: 'x' })).toEqual({ status: 'refused', code: 'message_not_found' });
    expect(await f.change(id('x'), { op: 'edit', seq: s1, text: 'x' })).toEqual({ status: 'refused', code: 'not_member' });
  });

  it('lets the author or the host delete, leaving a marker without content, and refuses anything after', async () => {
    const f = await newRoom();
    const a = await f.send(f.guest, 'first');
    const b = await f.send(f.host, 'second', a);
    await f.change(f.guest, { op: 'react', seq: b, emoji: '🎉' });
    expect(await f.change(f.guest, { op: 'delete', seq: b })).toEqual({ status: 'refused', code: 'not_author' });
    expect((await f.change(f.host, { op: 'delete', seq: a })).status).toBe('stored');
    expect((await f.change(f.host, { op: 'delete', seq: b })).status).toBe('stored');
    const snap = await f.snapshot();
    const deleted = snap.messages.find((m) => m.seq === b)!;
    expect(deleted).toMatchObject({ seq: b, userId: f.host, text: '', deleted: true });
    expect(deleted.reactions).toBeUndefined();
    expect(deleted.replyTo).toBeUndefined();
    expect(await f.change(f.host, { op: 'react', seq: a, emoji: '👍' })).toEqual({ status: 'refused', code: 'message_deleted' });
    expect(await f.change(f.host, { op: 'delete', seq: a })).toEqual({ status: 'refused', code: 'message_deleted' });
    await expect(f.send(f.guest, 'reply to a deleted one', a)).rejects.toThrow('message_deleted');
  });

  it('stores a reply with a quote of the original as it is now, cut on a character boundary', async () => {
    const f = await newRoom();
    const a = await f.send(f.guest, 'é'.repeat(LIMITS.replyQuoteMax));
    await f.change(f.guest, { op: 'edit', seq: a, text: `${'é'.repeat(LIMITS.replyQuoteMax)} edited` });
    const r = await f.send(f.host, 'answer', a);
    const [reply] = await readEventsAfter(redis, f.room.id, r - 1);
    expect(reply && 'message' in reply && reply.message.replyTo).toEqual({ seq: a, userId: f.guest, name: 'Guest', text: `${'é'.repeat(LIMITS.replyQuoteMax / 2)}…` });
    await expect(f.send(f.host, 'to nothing', 1234)).rejects.toThrow('message_not_found');
  });

  it('keeps reactions per person and per message within LIMITS, toggles own, and never shows an empty list', async () => {
    const f = await newRoom();
    const a = await f.send(f.guest, 'react to me');
    const emojis = ['👍', '❤️', '😂', '🎉'];
    for (const emoji of emojis.slice(0, LIMITS.reactionsPerPerson)) {
      expect((await f.change(f.host, { op: 'react', seq: a, emoji })).status).toBe('stored');
    }
    expect(await f.change(f.host, { op: 'react', seq: a, emoji: '👍' })).toEqual({ status: 'unchanged' });
    expect(await f.change(f.host, { op: 'react', seq: a, emoji: emojis[LIMITS.reactionsPerPerson]! })).toEqual({
      status: 'refused',
      code: 'too_many_reactions',
      limit: 'reactionsPerPerson',
    });
    expect((await f.change(f.guest, { op: 'react', seq: a, emoji: '👍' })).status).toBe('stored');
    let msg = (await f.snapshot()).messages[0]!;
    expect(msg.reactions![0]).toEqual({ emoji: '👍', users: [{ id: f.host, name: 'Host' }, { id: f.guest, name: 'Guest' }] });
    for (const emoji of emojis.slice(0, LIMITS.reactionsPerPerson)) await f.change(f.host, { op: 'unreact', seq: a, emoji });
    await f.change(f.guest, { op: 'unreact', seq: a, emoji: '👍' });
    expect(await f.change(f.guest, { op: 'unreact', seq: a, emoji: '👍' })).toEqual({ status: 'unchanged' });
    msg = (await f.snapshot()).messages[0]!;
    expect(msg.reactions).toBeUndefined();
    expect(JSON.stringify(msg)).not.toContain('"reactions"');
  });

  it('refuses more different emojis on one message than LIMITS.reactionsPerMessage', async () => {
    const f = await newRoom();
    const a = await f.send(f.guest, 'popular');
    const people = [f.host, f.guest];
    for (let i = 2; people.length * LIMITS.reactionsPerPerson <= LIMITS.reactionsPerMessage; i++) {
      const u = id('p');
      await joinRoom(redis, f.room.id, u, { name: `P${i}`, role: 'participant', joinedAt: Date.now() });
      people.push(u);
    }
    const results = [];
    for (let i = 0; i <= LIMITS.reactionsPerMessage; i++) {
      const who = people[Math.floor(i / LIMITS.reactionsPerPerson)]!;
      results.push(await f.change(who, { op: 'react', seq: a, emoji: String.fromCodePoint(0x1f600 + i) }));
    }
    expect(results.slice(0, -1).every((r) => r.status === 'stored')).toBe(true);
    expect(results.at(-1)).toEqual({ status: 'refused', code: 'too_many_reactions', limit: 'reactionsPerMessage' });
  });

  it('takes changes from the sender budget like messages', async () => {
    const f = await newRoom();
    const a = await f.send(f.guest, 'x');
    const tight = { perSecond: 1, burst: 2 };
    const res = [];
    for (const emoji of ['👍', '❤️', '😂']) {
      res.push(await changeMessage(redis, { roomId: f.room.id, userId: f.host, seq: a, op: 'react', emoji }, tight));
    }
    expect(res.map((r) => r.status)).toEqual(['stored', 'stored', 'rate_limited']);
  });

  it('recovers exactly: a member back from `since` ends with what one who stayed holds, and a snapshot agrees', async () => {
    const f = await newRoom();
    const a = await f.send(f.guest, 'one');
    const b = await f.send(f.host, 'two');
    const before = await f.snapshot();
    const left = before.seq;
    await f.change(f.guest, { op: 'edit', seq: a, text: 'one, edited' });
    await f.change(f.host, { op: 'react', seq: a, emoji: '👍' });
    const c = await f.send(f.guest, 'three', b);
    await f.change(f.host, { op: 'delete', seq: b });
    await f.change(f.guest, { op: 'react', seq: c, emoji: '🎉' });
    await f.change(f.guest, { op: 'unreact', seq: c, emoji: '🎉' });

    const back = await f.snapshot(left);
    expect(back.recovered).toBe(true);
    expect(back.messages.map((m) => m.seq)).toEqual([c]);
    expect(back.changes.map((ch) => ch.event)).toEqual([
      'message_edited',
      'reaction_added',
      'message_deleted',
      'reaction_added',
      'reaction_removed',
    ]);
    const rejoined = replay([...before.messages, ...back.messages], back.changes);
    const fresh = await f.snapshot();
    expect(fresh.recovered).toBe(false);
    expect(fresh.changes).toEqual([]);
    expect([...rejoined.values()].sort((x, y) => x.seq - y.seq)).toEqual(fresh.messages);
    expect(fresh.messages.map((m) => [m.seq, m.text, m.deleted ?? false])).toEqual([
      [a, 'one, edited', false],
      [b, '', true],
      [c, 'three', false],
    ]);
  });

  it('never replays the content of a deleted message to a member coming back from before it', async () => {
    const f = await newRoom();
    const since = await f.send(f.host, 'before');
    const secret = await f.send(f.guest, 'my passcode is tangerine');
    await f.change(f.guest, { op: 'edit', seq: secret, text: 'my passcode is marmalade' });
    await f.change(f.host, { op: 'react', seq: secret, emoji: '👍' });
    const kept = await f.send(f.guest, 'kept');
    await f.change(f.guest, { op: 'delete', seq: secret });
    const back = await f.snapshot(since);
    expect(back.recovered).toBe(true);
    expect(JSON.stringify(back)).not.toMatch(/tangerine|marmalade/);
    expect(back.messages.map((m) => [m.seq, m.text, m.deleted ?? false])).toEqual([
      [secret, '', true],
      [kept, 'kept', false],
    ]);
    expect(back.changes.map((c) => c.event)).toEqual(['message_deleted']);
    expect(await redis.xlen(keys.history(f.room.id))).toBe(6);
  });

  it('never replays the content of a deleted message in a gap fill either: every event keeps its seq, none its text', async () => {
    const f = await newRoom();
    const since = await f.send(f.host, 'before');
    const secret = await f.send(f.guest, 'my passcode is tangerine');
    await f.change(f.guest, { op: 'edit', seq: secret, text: 'my passcode is marmalade' });
    const kept = await f.send(f.guest, 'kept');
    await f.change(f.guest, { op: 'delete', seq: secret });
    const filled = await readEventsAfter(redis, f.room.id, since);
    expect(filled.map((e) => e.seq)).toEqual([secret, secret + 1, kept, kept + 1]);
    expect(JSON.stringify(filled)).not.toMatch(/tangerine|marmalade/);
    const shown = filled.map((e) => ('message' in e ? ['message', e.message.deleted ?? false] : [e.change.event, e.change.message.deleted ?? false]));
    expect(shown).toEqual([
      ['message', true],
      ['message_edited', true],
      ['message', false],
      ['message_deleted', true],
    ]);
  });

  it('gives a joiner the newest messages, not changes, even when reactions fill the stream', async () => {
    const f = await newRoom();
    const seqs = [];
    for (let i = 0; i < LIMITS.snapshotMessages + 5; i++) seqs.push(await f.send(f.guest, `m${i}`));
    const last = seqs.at(-1)!;
    for (let i = 0; i < LIMITS.snapshotMessages * 3; i++) {
      await f.change(f.host, { op: i % 2 ? 'unreact' : 'react', seq: last, emoji: '👍' });
    }
    const snap = await f.snapshot();
    expect(snap.messages.map((m) => m.seq)).toEqual(seqs.slice(-LIMITS.snapshotMessages));
    expect(snap.seq).toBe(last + LIMITS.snapshotMessages * 3);
  });

  it('lets the changes die with the room: same expiry, and deleted with it', async () => {
    const f = await newRoom();
    const a = await f.send(f.guest, 'x');
    await f.change(f.host, { op: 'react', seq: a, emoji: '👍' });
    const roomAt = await redis.pexpiretime(keys.room(f.room.id));
    expect(await redis.pexpiretime(keys.changed(f.room.id))).toBe(roomAt);
    expect(await redis.pexpiretime(keys.history(f.room.id))).toBe(roomAt);
    expect(await deleteRoom(redis, f.room.id, 'ended')).toBe('deleted');
    // Only the room's one-word fate stays, so its invite link can say the host ended it.
    expect(await redis.keys(`room:{${f.room.id}}*`)).toEqual([keys.fate(f.room.id)]);
  });
});
