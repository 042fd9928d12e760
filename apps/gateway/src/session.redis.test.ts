import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeToken, isEvent, isType, TestSocket } from '@mugharred/testing';
import { keys } from '@mugharred/redis-schema';
import { joinOn, SECRET, seedRoom, wsUrl, type SeededRoom } from './gateway-fixture.js';
import { startInProcessStack, type InProcessStack } from './in-process-fixture.js';

// One socket's life (session.ts) against a gateway built in this process, on a private Redis, over real sockets.
const JOIN_TIMEOUT_MS = 300;
const INVALID_FRAME_BUDGET = 3;

let stack: InProcessStack;
beforeAll(async () => {
  stack = await startInProcessStack({
    JOIN_TIMEOUT_MS: String(JOIN_TIMEOUT_MS),
    INVALID_FRAME_BUDGET: String(INVALID_FRAME_BUDGET),
    PRESENCE_GRACE_MS: '10000',
  });
});
afterAll(() => stack?.stop());
const gw = () => stack.gateways[0]!;

type MessageFrame = { event: 'message'; message: { seq: number; text: string; userId: string } };
const seqsOf = (s: TestSocket) => s.frames.filter((f) => f.event === 'message').map((f) => (f as unknown as MessageFrame).message.seq);
const send = (s: TestSocket, seeded: SeededRoom, text: string, clientMsgId = text.replaceAll(' ', '-')) =>
  s.send({ type: 'send_message', roomId: seeded.room.id, text, clientMsgId });

describe('a session in a room', () => {
  it('gives every member every message once, in seq order, its own included, while two members talk at once', async () => {
    const seeded = await seedRoom(stack.redis);
    const a = await joinOn(gw(), seeded, seeded.host);
    const b = await joinOn(gw(), seeded, seeded.guests[0]!);
    for (let i = 0; i < 10; i++) {
      send(a.socket, seeded, `a${i}`);
      send(b.socket, seeded, `b${i}`);
    }
    const all = Array.from({ length: 20 }, (_, i) => i + 1);
    for (const s of [a.socket, b.socket]) {
      await s.next((f) => f.event === 'message' && (f as unknown as MessageFrame).message.seq === 20);
      expect(seqsOf(s)).toEqual(all);
    }
    // An ack may come after the message itself reached the room: the relay and the sender's reply race.
    const acks = () => [...a.socket.frames, ...b.socket.frames].filter(isType('ack'));
    await expect.poll(() => acks().length).toBe(20);
    expect(acks().map((f) => f.seq).sort((x, y) => Number(x) - Number(y))).toEqual(all);
    // Each member's own messages keep the order it sent them in.
    const textsFrom = (s: TestSocket, userId: string) =>
      s.frames.filter((f) => f.event === 'message' && (f as unknown as MessageFrame).message.userId === userId).map((f) => (f as unknown as MessageFrame).message.text);
    expect(textsFrom(b.socket, seeded.host.id)).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
    a.socket.close();
    b.socket.close();
  });

  it('answers a join sent while its first join is under way with an error, and joins once', async () => {
    const seeded = await seedRoom(stack.redis);
    const s = await TestSocket.open(wsUrl(gw(), seeded.token(seeded.host), seeded.room.id));
    s.send({ type: 'join_room', roomId: seeded.room.id });
    s.send({ type: 'join_room', roomId: seeded.room.id });
    expect(await s.next(isType('error'))).toMatchObject({ code: 'invalid_frame', message: 'A join is already in progress' });
    await s.next(isEvent('joined'));
    send(s, seeded, 'after');
    await s.next(isType('ack'));
    expect(s.frames.filter(isEvent('joined'))).toHaveLength(1);
    s.close();
  });

  it('answers a second join of a joined socket from history, then goes on with the live stream without a repeat', async () => {
    const seeded = await seedRoom(stack.redis);
    const talker = await joinOn(gw(), seeded, seeded.host);
    const { socket } = await joinOn(gw(), seeded, seeded.guests[0]!);
    for (const text of ['one', 'two', 'three']) send(talker.socket, seeded, text);
    await socket.next((f) => f.event === 'message' && (f as unknown as MessageFrame).message.seq === 3);
    socket.send({ type: 'join_room', roomId: seeded.room.id });
    const again = await socket.waitNew(isEvent('joined'));
    expect((again.messages as { seq: number }[]).map((m) => m.seq)).toEqual([1, 2, 3]);
    send(talker.socket, seeded, 'four');
    await socket.next((f) => f.event === 'message' && (f as unknown as MessageFrame).message.seq === 4);
    send(talker.socket, seeded, 'five');
    await socket.next((f) => f.event === 'message' && (f as unknown as MessageFrame).message.seq === 5);
    expect(seqsOf(socket)).toEqual([1, 2, 3, 4, 5]);
    talker.socket.close();
    socket.close();
  });

  it('refuses to send, react or leave before joining, and stores nothing', async () => {
    const seeded = await seedRoom(stack.redis);
    const s = await TestSocket.open(wsUrl(gw(), seeded.token(seeded.host), seeded.room.id));
    send(s, seeded, 'too early', 'early');
    expect(await s.waitNew(isType('error'))).toMatchObject({ code: 'not_joined', clientMsgId: 'early' });
    s.send({ type: 'react', roomId: seeded.room.id, seq: 1, emoji: '👍' });
    expect(await s.waitNew(isType('error'))).toMatchObject({ code: 'not_joined', seq: 1 });
    s.send({ type: 'leave_room', roomId: seeded.room.id });
    expect(await s.waitNew(isType('error'))).toMatchObject({ code: 'not_joined' });
    expect(s.closeCode).toBeNull();
    expect(await stack.redis.exists(keys.history(seeded.room.id))).toBe(0);
    s.close();
  });

  it('closes 1000 on leave_room, and the others see the member leave at once, not after the presence grace', async () => {
    const seeded = await seedRoom(stack.redis);
    const host = await joinOn(gw(), seeded, seeded.host);
    const guest = await joinOn(gw(), seeded, seeded.guests[0]!);
    guest.socket.send({ type: 'leave_room', roomId: seeded.room.id });
    expect(await guest.socket.closed()).toBe(1000);
    // The grace is 10 s here: a leave that waited for it would miss this 2 s bound.
    expect(await host.socket.next(isEvent('participant_left'), 2000)).toMatchObject({ reason: 'left', participant: { id: seeded.guests[0]!.id } });
    host.socket.close();
  });
});

describe('what a session tolerates', () => {
  it('closes a socket that has not joined within the join timeout with 4004, and leaves a joined one open', async () => {
    const seeded = await seedRoom(stack.redis);
    const opening = Date.now();
    const idle = await TestSocket.open(wsUrl(gw(), seeded.token(seeded.host), seeded.room.id));
    const joined = await joinOn(gw(), seeded, seeded.guests[0]!);
    expect(await idle.closed(JOIN_TIMEOUT_MS + 2000)).toBe(4004);
    // Not closed before its time: the timer starts at the upgrade, after `opening`.
    expect(Date.now() - opening).toBeGreaterThanOrEqual(JOIN_TIMEOUT_MS);
    send(joined.socket, seeded, 'still here');
    await joined.socket.next(isType('ack'));
    expect(joined.socket.closeCode).toBeNull();
    joined.socket.close();
  });

  it(`answers up to ${INVALID_FRAME_BUDGET} invalid frames (binary ones too) and keeps the socket, and closes it with 1008 at the next`, async () => {
    const seeded = await seedRoom(stack.redis);
    const { socket } = await joinOn(gw(), seeded, seeded.host);
    socket.send('{');
    socket.ws.send(Buffer.from([1, 2, 3]));
    socket.send({ type: 'shout' });
    send(socket, seeded, 'within budget');
    // Frames are answered in order: the ack comes after the three errors.
    expect(await socket.next(isType('ack'))).toMatchObject({ clientMsgId: 'within-budget', seq: 1 });
    const errors = socket.frames.filter(isType('error'));
    expect(errors.map((f) => f.code)).toEqual(Array(INVALID_FRAME_BUDGET).fill('invalid_frame'));
    expect(errors[1]!.message).toBe('Binary frames are not accepted');
    expect(socket.closeCode).toBeNull();
    socket.send('not json');
    expect(await socket.closed()).toBe(1008);
  });

  it('keeps the socket when a refreshed token is for another user or already expired, and says which', async () => {
    const seeded = await seedRoom(stack.redis);
    const { socket } = await joinOn(gw(), seeded, seeded.host);
    socket.send({ type: 'refresh_token', token: seeded.token(seeded.guests[0]!) });
    expect(await socket.waitNew(isType('error'))).toMatchObject({ code: 'wrong_room' });
    socket.send({ type: 'refresh_token', token: seeded.token(seeded.host, { expiresIn: -10 }) });
    expect(await socket.waitNew(isType('error'))).toMatchObject({ code: 'token_expired' });
    const foreign = forgeToken({ sub: seeded.host.id, name: 'Hosna', roomId: seeded.room.id, role: 'host' }, { secret: `${SECRET}-other` });
    socket.send({ type: 'refresh_token', token: foreign });
    expect(await socket.waitNew(isType('error'))).toMatchObject({ code: 'invalid_token' });
    send(socket, seeded, 'still in');
    await socket.next(isType('ack'));
    expect(socket.closeCode).toBeNull();
    socket.close();
  });
});
