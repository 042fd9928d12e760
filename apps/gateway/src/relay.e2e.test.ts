import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, isType, REDIS_KINDS, TestSocket } from '@mugharred/testing';
import { appendMessage, keys } from '@mugharred/redis-schema';
import { retryHintMs } from '@mugharred/protocol';
import { joinOn, seedRoom, sleep, startGateway } from './gateway-fixture.js';
import { startInProcessStack, type InProcessStack } from './in-process-fixture.js';

type Msg = { type: string; event?: string; message?: { seq: number; text: string; userId: string; epoch: string } };
const messagesOf = (s: TestSocket) => (s.frames as Msg[]).filter((f) => f.event === 'message').map((f) => f.message!);

// One contract, run against a single Redis and against a 3-master Redis Cluster (sharded pub/sub).
// The two replicas are built in this process; a replica that must die or drain is a real process of its own.
describe.each(REDIS_KINDS)('relay across two gateway replicas on a %s Redis', (kind) => {
  let cluster: InProcessStack;
  beforeAll(async () => {
    const env = { PRESENCE_TTL_MS: '1500', PRESENCE_REFRESH_MS: '300', PRESENCE_GRACE_MS: '300', RATE_PER_SECOND: '1000', RATE_BURST: '1000' };
    cluster = await startInProcessStack(env, { replicas: 2, kind });
  });
  afterAll(() => cluster?.stop());

  it('delivers every message to members on both replicas in one total order, numbered by Redis', async () => {
    const seeded = await seedRoom(cluster.redis, { guestNames: ['Bahar', 'Cyrus'] });
    const [g1, g2] = cluster.gateways;
    const a = await joinOn(g1!, seeded, seeded.host);
    const b = await joinOn(g2!, seeded, seeded.guests[0]!);
    const c = await joinOn(g2!, seeded, seeded.guests[1]!);
    for (let i = 0; i < 30; i++) {
      a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: `a${i}`, clientMsgId: `a${i}` });
      b.socket.send({ type: 'send_message', roomId: seeded.room.id, text: `b${i}`, clientMsgId: `b${i}` });
    }
    for (const s of [a, b, c]) await s.socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq === 60);
    const seen = [a, b, c].map((s) => messagesOf(s.socket));
    expect(seen[0]!.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(new Set(seen[0]!.map((m) => m.epoch))).toEqual(new Set([seeded.room.epoch]));
    await a.socket.next((f) => f.type === 'ack' && f.clientMsgId === 'a29');
    const acks = a.socket.frames.filter((f) => f.type === 'ack');
    expect(acks).toHaveLength(30);
    for (const s of [a, b, c]) s.socket.close();
  });

  it('stores and delivers text exactly as typed, markup included', async () => {
    const seeded = await seedRoom(cluster.redis);
    const [g1, g2] = cluster.gateways;
    const a = await joinOn(g1!, seeded, seeded.host);
    const b = await joinOn(g2!, seeded, seeded.guests[0]!);
    a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'Tom & Jerry <3 "quoted"', clientMsgId: 'p1' });
    a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'hi <img src=x onerror=alert(1)>', clientMsgId: 'p2' });
    a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: '<a href="javascript:x">click me</a> &lt;b&gt;', clientMsgId: 'p3' });
    await b.socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq === 3);
    expect(messagesOf(b.socket).map((m) => m.text)).toEqual([
      'Tom & Jerry <3 "quoted"',
      'hi <img src=x onerror=alert(1)>',
      '<a href="javascript:x">click me</a> &lt;b&gt;',
    ]);
    a.socket.close();
    b.socket.close();
  });

  it('answers a retried clientMsgId with the original ack and stores it once', async () => {
    const seeded = await seedRoom(cluster.redis);
    const a = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
    const frame = { type: 'send_message', roomId: seeded.room.id, text: 'once', clientMsgId: 'retry-1' };
    a.socket.send(frame);
    const first = await a.socket.next(isType('ack'));
    a.socket.send(frame);
    await a.socket.waitNew(isType('ack'));
    const acks = a.socket.frames.filter((f) => f.type === 'ack');
    expect(acks[1]).toEqual(first);
    expect(await cluster.redis.xlen(keys.history(seeded.room.id))).toBe(1);
    await sleep(100);
    expect(messagesOf(a.socket)).toHaveLength(1);
    a.socket.close();
  });

  it('recovers exactly the missed messages after a reconnect with since, and says when it cannot', async () => {
    const seeded = await seedRoom(cluster.redis);
    const [g1, g2] = cluster.gateways;
    const a = await joinOn(g1!, seeded, seeded.host);
    const b = await joinOn(g2!, seeded, seeded.guests[0]!);
    a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'before', clientMsgId: 'm1' });
    await b.socket.next(isEvent('message'));
    const last = messagesOf(b.socket).at(-1)!;
    b.socket.close();
    await b.socket.closed();
    for (let i = 0; i < 3; i++) a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: `missed ${i}`, clientMsgId: `x${i}` });
    await a.socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq === 4);
    const back = await joinOn(g1!, seeded, seeded.guests[0]!, { epoch: last.epoch, seq: last.seq });
    expect(back.joined.recovered).toBe(true);
    expect(back.joined.messages.map((m) => m.text)).toEqual(['missed 0', 'missed 1', 'missed 2']);
    a.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'live', clientMsgId: 'm5' });
    await back.socket.next(isEvent('message'));
    expect(messagesOf(back.socket).map((m) => m.seq)).toEqual([5]);
    const otherEpoch = await joinOn(g2!, seeded, seeded.guests[0]!, { epoch: 'another-epoch', seq: 2 });
    expect(otherEpoch.joined.recovered).toBe(false);
    expect(otherEpoch.joined.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    for (const s of [a.socket, back.socket, otherEpoch.socket]) s.close();
  });

  it('shows presence across replicas and counts two tabs of one user as one participant', async () => {
    const seeded = await seedRoom(cluster.redis);
    const [g1, g2] = cluster.gateways;
    const host = await joinOn(g1!, seeded, seeded.host);
    expect(host.joined.participants).toEqual([
      { id: seeded.host.id, name: 'Hosna', role: 'host', online: true },
      { id: seeded.guests[0]!.id, name: 'Guest', role: 'participant', online: false },
    ]);
    const tab1 = await joinOn(g2!, seeded, seeded.guests[0]!);
    const online = await host.socket.next(
      (f) => f.type === 'participants_update' && (f.participants as { online: boolean }[]).every((p) => p.online),
    );
    expect((online.participants as unknown[]).length).toBe(2);
    const tab2 = await joinOn(g1!, seeded, seeded.guests[0]!);
    expect(tab2.joined.participants).toHaveLength(2);
    const guestJoined = host.socket.frames.filter(
      (f) => f.event === 'participant_joined' && (f.participant as { id: string }).id === seeded.guests[0]!.id,
    );
    expect(guestJoined).toHaveLength(1);
    tab1.socket.close();
    await sleep(300);
    expect(host.socket.frames.some((f) => f.event === 'participant_left')).toBe(false);
    tab2.socket.close();
    const left = await host.socket.next(isEvent('participant_left'));
    expect(left).toMatchObject({ reason: 'offline', participant: { id: seeded.guests[0]!.id } });
    host.socket.close();
  });

  it('frees the place and tells everyone when a member leaves', async () => {
    const seeded = await seedRoom(cluster.redis);
    const host = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
    const guest = await joinOn(cluster.gateways[1]!, seeded, seeded.guests[0]!);
    guest.socket.send({ type: 'leave_room', roomId: seeded.room.id });
    expect(await guest.socket.closed()).toBe(1000);
    const left = await host.socket.next(isEvent('participant_left'));
    expect(left).toMatchObject({ reason: 'left' });
    expect(await cluster.redis.hlen(keys.members(seeded.room.id))).toBe(1);
    host.socket.close();
  });

  it('stops counting the sockets of a replica that dies, within the presence TTL', async () => {
    const seeded = await seedRoom(cluster.redis);
    const doomed = await startGateway(cluster.server, 'doomed', { PRESENCE_TTL_MS: '1500', PRESENCE_REFRESH_MS: '300' });
    const host = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
    await joinOn(doomed, seeded, seeded.guests[0]!);
    await host.socket.next((f) => f.type === 'participants_update' && (f.participants as { online: boolean }[]).every((p) => p.online));
    const killedAt = Date.now();
    await doomed.kill();
    const left = await host.socket.waitNew(isEvent('participant_left'), 5000);
    expect(left).toMatchObject({ reason: 'offline', participant: { id: seeded.guests[0]!.id } });
    expect(Date.now() - killedAt).toBeLessThan(3000);
    host.socket.close();
  });

  it('closes sockets with 1012 and a reconnect hint when a replica drains; a member who moves is never shown leaving', async () => {
    const GRACE_MS = 1500;
    const seeded = await seedRoom(cluster.redis);
    const leaving = await startGateway(cluster.server, 'leaving', { PRESENCE_GRACE_MS: String(GRACE_MS), DRAIN_SPREAD_MS: '0' });
    const guest = await joinOn(leaving, seeded, seeded.guests[0]!);
    const host = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
    const mark = host.socket.frames.length;
    expect(await leaving.stop()).toBe(0);
    expect(await guest.socket.closed()).toBe(1012);
    expect(retryHintMs(guest.socket.closeReason)).not.toBeNull();
    const back = await joinOn(cluster.gateways[1]!, seeded, seeded.guests[0]!);
    // Past the grace (and a sweep after it): a member shown leaving would have been by now.
    await sleep(GRACE_MS + 500);
    const aboutGuest = (f: Record<string, unknown>) => (f.participant as { id?: string } | undefined)?.id === seeded.guests[0]!.id;
    const presence = host.socket.frames.slice(mark).filter((f) => (f.event === 'participant_left' || f.event === 'participant_joined') && aboutGuest(f));
    expect(presence).toEqual([]);
    host.socket.close();
    back.socket.close();
  });

  it('fills what was published while its subscription was down, after Redis drops the connection', async () => {
    const seeded = await seedRoom(cluster.redis);
    const gw = cluster.gateways[1]!;
    const { socket } = await joinOn(gw, seeded, seeded.guests[0]!);
    await cluster.server.dropSubscribers();
    for (let i = 0; i < 3; i++) {
      await appendMessage(cluster.redis, { roomId: seeded.room.id, userId: seeded.host.id, name: 'Hosna', clientMsgId: `k${i}`, text: `while away ${i}` }, { perSecond: 1000, burst: 100000 });
    }
    await socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq === 3, 8000);
    // Live again: a message sent now comes over the new subscription (nothing else would bring it).
    const sender = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
    sender.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'back live', clientMsgId: 'live' });
    await socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq === 4);
    expect(messagesOf(socket).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    sender.socket.close();
    socket.close();
  });
});
