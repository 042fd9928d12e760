import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, isType, TestSocket } from '@mugharred/testing';
import { keys } from '@mugharred/redis-schema';
import { joinOn, seedRoom, sleep, startCluster, startGateway, wsUrl, type Cluster } from './gateway-fixture.js';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(1, {
    RATE_PER_SECOND: '2',
    RATE_BURST: '5',
    FLOOD_REFUSALS: '20',
    PING_INTERVAL_MS: '300',
    MAX_SOCKETS_PER_USER: '2',
    INVALID_FRAME_BUDGET: '10',
    PRESENCE_GRACE_MS: '500',
  });
});
afterAll(() => cluster.stop());
const gw = () => cluster.gateways[0]!;

describe('bad input', () => {
  it('answers each malformed frame with a clear error and keeps the socket open', async () => {
    const seeded = await seedRoom(cluster.redis);
    const { socket } = await joinOn(gw(), seeded, seeded.host);
    const roomId = seeded.room.id;
    const bad = [
      ['not json', 'not valid JSON'],
      [{ type: 'shout' }, 'Unknown frame type'],
      [{ type: 'send_message', roomId, text: 5, clientMsgId: 'a' }, 'Invalid send_message'],
      [{ type: 'send_message', roomId, text: '', clientMsgId: 'a' }, 'Invalid send_message'],
      [{ type: 'send_message', roomId, text: 'x'.repeat(2001), clientMsgId: 'a' }, 'Invalid send_message'],
      [{ type: 'send_message', roomId, text: 'x', clientMsgId: 'has spaces' }, 'Invalid send_message'],
      [{ type: 'join_room', roomId: 'short' }, 'Invalid join_room'],
    ] as const;
    for (const [frame, message] of bad) {
      socket.send(frame);
      const err = await socket.waitNew(isType('error'));
      expect(err.code).toBe('invalid_frame');
      expect(err.message).toContain(message);
    }
    socket.send({ type: 'send_message', roomId, text: '   ', clientMsgId: 'blank' });
    expect(await socket.waitNew(isType('error'))).toMatchObject({ code: 'invalid_frame', clientMsgId: 'blank' });
    expect(socket.closeCode).toBeNull();
    expect(await cluster.redis.exists(keys.history(roomId))).toBe(0);
    socket.close();
  });

  it('closes with 1008 after too many invalid frames, and with 1009 for a frame over 16 KiB', async () => {
    const seeded = await seedRoom(cluster.redis);
    const a = await joinOn(gw(), seeded, seeded.host);
    for (let i = 0; i < 12; i++) a.socket.send('{');
    expect(await a.socket.closed()).toBe(1008);
    const b = await joinOn(gw(), seeded, seeded.guests[0]!);
    b.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'x'.repeat(17 * 1024), clientMsgId: 'big' });
    expect(await b.socket.closed()).toBe(1009);
    expect((await fetch(`${gw().url}/health`)).status).toBe(200);
  });
});

describe('budgets', () => {
  it('refuses messages past the per-user budget with a retry delay, shared across sockets, and stores none of them', async () => {
    const seeded = await seedRoom(cluster.redis);
    const tab1 = await joinOn(gw(), seeded, seeded.host);
    const tab2 = await joinOn(gw(), seeded, seeded.host);
    for (let i = 0; i < 4; i++) tab1.socket.send({ type: 'send_message', roomId: seeded.room.id, text: `t1-${i}`, clientMsgId: `t1-${i}` });
    for (let i = 0; i < 4; i++) tab2.socket.send({ type: 'send_message', roomId: seeded.room.id, text: `t2-${i}`, clientMsgId: `t2-${i}` });
    const answers = () => [...tab1.socket.frames, ...tab2.socket.frames].filter((f) => f.type === 'ack' || f.type === 'error');
    await expect.poll(() => answers().length).toBe(8);
    const all = [...tab1.socket.frames, ...tab2.socket.frames];
    const acks = all.filter((f) => f.type === 'ack');
    const refused = all.filter((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(acks.length).toBeGreaterThanOrEqual(5);
    expect(acks.length).toBeLessThanOrEqual(6);
    expect(refused.length).toBe(8 - acks.length);
    expect(refused[0]!.retryAfterMs as number).toBeGreaterThan(0);
    expect(await cluster.redis.xlen(keys.history(seeded.room.id))).toBe(acks.length);
    expect(gw().output()).toContain('"event":"rate_limited"');
    tab1.socket.close();
    tab2.socket.close();
  });

  it('closes a socket that keeps flooding past the limit with 4029', async () => {
    const seeded = await seedRoom(cluster.redis);
    const { socket } = await joinOn(gw(), seeded, seeded.guests[0]!);
    for (let i = 0; i < 40; i++) socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'spam', clientMsgId: `s${i}` });
    expect(await socket.closed()).toBe(4029);
  });

  it('refuses a third socket of one user in a room with 4003', async () => {
    const seeded = await seedRoom(cluster.redis);
    const a = await joinOn(gw(), seeded, seeded.host);
    const b = await joinOn(gw(), seeded, seeded.host);
    const c = await TestSocket.open(wsUrl(gw(), seeded.token(seeded.host)));
    c.send({ type: 'join_room', roomId: seeded.room.id });
    expect(await c.closed()).toBe(4003);
    a.socket.close();
    b.socket.close();
  });
});

describe('dead and slow connections', () => {
  it('closes a connection that stops answering pings and takes it out of presence', async () => {
    const seeded = await seedRoom(cluster.redis);
    const host = await joinOn(gw(), seeded, seeded.host);
    const guest = await joinOn(gw(), seeded, seeded.guests[0]!);
    (guest.socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const left = await host.socket.waitNew(isEvent('participant_left'), 3000);
    expect(left).toMatchObject({ reason: 'offline', participant: { id: seeded.guests[0]!.id } });
    host.socket.close();
    guest.socket.ws.terminate();
  });

  it('drops a client that stops reading once its buffer passes the bound, without slowing the others', async () => {
    const seeded = await seedRoom(cluster.redis, { guestNames: ['Slow', 'Fast'] });
    // Default pings here: the paused client must be dropped for its buffer, not for a missed pong.
    const patient = await startGateway(cluster.server, 'patient', { SEND_BUFFER_MAX_BYTES: '65536' });
    const gw = () => patient;
    const host = await joinOn(gw(), seeded, seeded.host);
    const slow = await joinOn(gw(), seeded, seeded.guests[0]!);
    const fast = await joinOn(gw(), seeded, seeded.guests[1]!);
    (slow.socket.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Bypass the per-user budget: the sender here is Redis itself, as if many users were talking.
    const { appendMessage } = await import('@mugharred/redis-schema');
    const text = 'y'.repeat(2000);
    for (let i = 0; i < 4000; i++) {
      await appendMessage(cluster.redis, { roomId: seeded.room.id, userId: seeded.host.id, name: 'Hosna', clientMsgId: `f${i}`, text }, { perSecond: 1000, burst: 100000 });
      if (gw().output().includes('slow_consumer')) break;
    }
    await sleep(200);
    expect(gw().output()).toContain('slow_consumer');
    const last = await fast.socket.next((f) => f.event === 'message' && (f.message as { seq: number }).seq >= 100);
    expect(last).toBeTruthy();
    expect(fast.socket.closeCode).toBeNull();
    // The close frame went out right behind what the socket already held: a client that reads again learns why.
    (slow.socket.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await slow.socket.closed()).toBe(4002);
    host.socket.close();
    fast.socket.close();
    await patient.stop();
  }, 60_000);
});

describe('storage outage', () => {
  it('never acknowledges a message it could not store, and recovers when Redis answers again', async () => {
    const seeded = await seedRoom(cluster.redis);
    const { socket } = await joinOn(gw(), seeded, seeded.host);
    cluster.server.pause();
    socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'during outage', clientMsgId: 'o1' });
    const err = await socket.next(isType('error'), 8000);
    expect(err).toMatchObject({ code: 'storage_unavailable', clientMsgId: 'o1' });
    expect(socket.frames.some((f) => f.type === 'ack')).toBe(false);
    cluster.server.resume();
    await sleep(200);
    socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'during outage', clientMsgId: 'o1' });
    expect(await socket.next(isType('ack'), 8000)).toMatchObject({ clientMsgId: 'o1', seq: 1 });
    socket.close();
  }, 20_000);
});
