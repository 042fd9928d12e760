import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, isType, type TestSocket } from '@mugharred/testing';
import { keys } from '@mugharred/redis-schema';
import type { ChatMessage, MessageChangeEvent } from '@mugharred/protocol';
import { joinOn, seedRoom, sleep, type SeededRoom } from './gateway-fixture.js';
import { startInProcessStack, type InProcessStack } from './in-process-fixture.js';

type Frame = { type: string; [k: string]: unknown };
const CHANGE_EVENTS = ['message_edited', 'message_deleted', 'reaction_added', 'reaction_removed'];

/** The conversation as a client holds it after applying every frame it received, in order. */
function heldBy(socket: TestSocket): ChatMessage[] {
  const held = new Map<number, ChatMessage>();
  for (const f of socket.frames as Frame[]) {
    if (f.event === 'joined') {
      if (!f.recovered) held.clear();
      for (const m of f.messages as ChatMessage[]) held.set(m.seq, m);
      for (const c of f.changes as MessageChangeEvent[]) if (held.has(c.message.seq)) held.set(c.message.seq, c.message);
    } else if (f.event === 'message') {
      const m = f.message as ChatMessage;
      held.set(m.seq, m);
    } else if (CHANGE_EVENTS.includes(f.event as string)) {
      const m = (f as unknown as MessageChangeEvent).message;
      if (held.has(m.seq)) held.set(m.seq, m);
    }
  }
  return [...held.values()].sort((a, b) => a.seq - b.seq);
}

let stack: InProcessStack;
beforeAll(async () => {
  stack = await startInProcessStack({ RATE_PER_SECOND: '1000', RATE_BURST: '1000', TYPING_COALESCE_MS: '300' }, { replicas: 2 });
});
afterAll(() => stack?.stop());

async function send(socket: TestSocket, seeded: SeededRoom, text: string, replyTo?: number): Promise<number> {
  const clientMsgId = `c${Math.random().toString(36).slice(2)}`;
  socket.send({ type: 'send_message', roomId: seeded.room.id, text, clientMsgId, ...(replyTo ? { replyTo } : {}) });
  const ack = await socket.next<Frame & { seq: number }>((f) => f.type === 'ack' && f.clientMsgId === clientMsgId);
  return ack.seq;
}

const changed = (event: string, seq: number) => (f: Frame) => f.event === event && f.seq === seq;

describe('conversation across two gateway replicas', () => {
  it('relays typing to the other replica, coalesced, and never stores it', async () => {
    const seeded = await seedRoom(stack.redis);
    const [g1, g2] = stack.gateways;
    const a = await joinOn(g1!, seeded, seeded.host);
    const b = await joinOn(g2!, seeded, seeded.guests[0]!);
    const started = Date.now();
    // A client that ignores the repeat interval: 40 signals in 2 s.
    for (let i = 0; i < 40; i++) {
      a.socket.send({ type: 'typing', roomId: seeded.room.id });
      await sleep(50);
    }
    const first = await b.socket.next<Frame & { users: { id: string; name: string }[] }>(isEvent('typing'));
    expect(first.users).toEqual([{ id: seeded.host.id, name: seeded.host.name }]);
    await sleep(400);
    const seen = b.socket.frames.filter(isEvent('typing')).length;
    const seconds = (Date.now() - started) / 1000;
    // One signal per second per socket passes (half of LIMITS.typingRepeatMs), one publish per window per room.
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(seen).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(await stack.redis.exists(keys.history(seeded.room.id))).toBe(0);
    expect(await stack.redis.get(keys.seq(seeded.room.id))).toBeNull();
    a.socket.close();
    b.socket.close();
  });

  it('shows replies, reactions, edits and deletes live on both replicas, and the same after a reconnect with since', async () => {
    const seeded = await seedRoom(stack.redis, { guestNames: ['Bahar', 'Cyrus'] });
    const [g1, g2] = stack.gateways;
    const [bahar, cyrus] = seeded.guests;
    const a = await joinOn(g1!, seeded, seeded.host);
    const b = await joinOn(g2!, seeded, bahar!);
    const c = await joinOn(g2!, seeded, cyrus!);
    const hello = await send(a.socket, seeded, 'hello all');
    const reply = await send(b.socket, seeded, 'hi host', hello);
    await c.socket.next((f) => f.event === 'message' && (f.message as ChatMessage).seq === reply);
    const since = { epoch: seeded.room.epoch, seq: reply };
    c.socket.close();
    await c.socket.closed();

    b.socket.send({ type: 'react', roomId: seeded.room.id, seq: hello, emoji: '👍' });
    a.socket.send({ type: 'react', roomId: seeded.room.id, seq: hello, emoji: '👍' });
    b.socket.send({ type: 'edit_message', roomId: seeded.room.id, seq: reply, text: 'hi host, edited' });
    const extra = await send(b.socket, seeded, 'to be removed');
    a.socket.send({ type: 'delete_message', roomId: seeded.room.id, seq: extra });
    a.socket.send({ type: 'unreact', roomId: seeded.room.id, seq: hello, emoji: '👍' });
    const last = await a.socket.next<Frame & { seq: number }>(isEvent('reaction_removed'));
    await b.socket.next(changed('reaction_removed', last.seq));

    const live = heldBy(b.socket);
    expect(heldBy(a.socket)).toEqual(live);
    expect(live.map((m) => [m.seq, m.text, m.deleted ?? false])).toEqual([
      [hello, 'hello all', false],
      [reply, 'hi host, edited', false],
      [extra, '', true],
    ]);
    expect(live[0]!.reactions).toEqual([{ emoji: '👍', users: [{ id: bahar!.id, name: 'Bahar' }] }]);
    expect(live[1]!.replyTo).toEqual({ seq: hello, userId: seeded.host.id, name: seeded.host.name, text: 'hello all' });
    expect(live[1]!.editedAt).toBeGreaterThan(0);

    const back = await joinOn(g1!, seeded, cyrus!, since);
    expect(back.joined.recovered).toBe(true);
    expect(back.joined.seq).toBe(last.seq);
    // The reconnecting tab: what it held before it left, then the recovered messages and changes.
    const merged = new Map(heldBy(c.socket).map((m) => [m.seq, m]));
    for (const m of (back.joined.messages as ChatMessage[])) merged.set(m.seq, m);
    for (const ch of back.joined.changes as MessageChangeEvent[]) if (merged.has(ch.message.seq)) merged.set(ch.message.seq, ch.message);
    expect([...merged.values()].sort((x, y) => x.seq - y.seq)).toEqual(live);

    const fresh = await joinOn(g2!, seeded, cyrus!);
    expect(fresh.joined.recovered).toBe(false);
    expect(fresh.joined.messages).toEqual(live);
    for (const s of [a, b, back, fresh]) s.socket.close();
  });

  it('takes identity from the token: only authors edit, authors or the host delete, and errors name the limit', async () => {
    const seeded = await seedRoom(stack.redis);
    const [g1, g2] = stack.gateways;
    const host = await joinOn(g1!, seeded, seeded.host);
    const guest = await joinOn(g2!, seeded, seeded.guests[0]!);
    const hostMsg = await send(host.socket, seeded, 'the host speaks');
    const guestMsg = await send(guest.socket, seeded, 'a guest speaks');
    const errorAbout = (socket: TestSocket, seq: number) => socket.waitNew<Frame>((f) => f.type === 'error' && f.seq === seq);

    let err = errorAbout(guest.socket, hostMsg);
    guest.socket.send({ type: 'edit_message', roomId: seeded.room.id, seq: hostMsg, text: 'hijacked' });
    expect(await err).toMatchObject({ code: 'not_author', message: 'Only its author can edit this message' });
    err = errorAbout(guest.socket, hostMsg);
    guest.socket.send({ type: 'delete_message', roomId: seeded.room.id, seq: hostMsg });
    expect(await err).toMatchObject({ code: 'not_author' });

    host.socket.send({ type: 'delete_message', roomId: seeded.room.id, seq: guestMsg });
    const removed = await guest.socket.next<MessageChangeEvent & { by: string }>(isEvent('message_deleted'));
    expect(removed.by).toBe(seeded.host.id);
    expect(removed.message).toMatchObject({ seq: guestMsg, deleted: true, text: '' });

    err = errorAbout(guest.socket, hostMsg);
    guest.socket.send({ type: 'react', roomId: seeded.room.id, seq: hostMsg, emoji: 'nice' });
    expect(await err).toMatchObject({ code: 'invalid_frame', message: 'A reaction is one emoji' });
    for (const emoji of ['👍', '❤️', '😂']) guest.socket.send({ type: 'react', roomId: seeded.room.id, seq: hostMsg, emoji });
    err = errorAbout(guest.socket, hostMsg);
    guest.socket.send({ type: 'react', roomId: seeded.room.id, seq: hostMsg, emoji: '🎉' });
    expect(await err).toMatchObject({ code: 'too_many_reactions', limit: 'reactionsPerPerson' });

    const badReply = `r${Date.now()}`;
    guest.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'answer', clientMsgId: badReply, replyTo: guestMsg });
    expect(await guest.socket.next((f) => f.type === 'error' && f.clientMsgId === badReply)).toMatchObject({ code: 'message_deleted' });
    guest.socket.send({ type: 'edit_message', roomId: seeded.room.id, seq: hostMsg, text: 'x'.repeat(2001) });
    expect(await guest.socket.waitNew(isType('error'))).toMatchObject({ code: 'invalid_frame' });
    host.socket.close();
    guest.socket.close();
  });
});
