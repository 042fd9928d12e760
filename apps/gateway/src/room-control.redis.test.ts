import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, isType, REDIS_KINDS, TestSocket } from '@mugharred/testing';
import { deleteRoom, kickMember, setLocked } from '@mugharred/redis-schema';
import { joinOn, seedRoom, wsUrl } from './gateway-fixture.js';
import { startInProcessStack, type InProcessStack } from './in-process-fixture.js';

describe.each(REDIS_KINDS)('room control events reach every replica on a %s Redis', (kind) => {
  let stack: InProcessStack;
  beforeAll(async () => {
    stack = await startInProcessStack({}, { replicas: 2, kind });
  });
  afterAll(() => stack?.stop());

  it('tells everyone about a kick and closes the kicked user sockets with 4501, on every replica', async () => {
    const seeded = await seedRoom(stack.redis, { guestNames: ['Kian', 'Lale'] });
    const [g1, g2] = stack.gateways;
    const host = await joinOn(g1!, seeded, seeded.host);
    const kickedA = await joinOn(g1!, seeded, seeded.guests[0]!);
    const kickedB = await joinOn(g2!, seeded, seeded.guests[0]!);
    const other = await joinOn(g2!, seeded, seeded.guests[1]!);
    expect(await kickMember(stack.redis, seeded.room.id, seeded.guests[0]!.id)).toBe('ok');
    expect(await kickedA.socket.closed()).toBe(4501);
    expect(await kickedB.socket.closed()).toBe(4501);
    expect(kickedB.socket.frames.some((f) => f.event === 'kicked')).toBe(true);
    expect(await other.socket.next(isEvent('kicked'))).toMatchObject({ userId: seeded.guests[0]!.id, name: 'Kian' });
    // The kicked user's token is still valid: coming back is refused at the join, as not a member.
    const again = await TestSocket.open(wsUrl(g2!, seeded.token(seeded.guests[0]!), seeded.room.id));
    again.send({ type: 'join_room', roomId: seeded.room.id });
    expect(await again.next(isType('error'))).toMatchObject({ code: 'not_member' });
    expect(await again.closed()).toBe(4504);
    expect(again.frames.some(isEvent('joined'))).toBe(false);
    host.socket.close();
    other.socket.close();
  });

  it('forwards lock and unlock to members', async () => {
    const seeded = await seedRoom(stack.redis);
    const guest = await joinOn(stack.gateways[1]!, seeded, seeded.guests[0]!);
    await setLocked(stack.redis, seeded.room.id, true);
    await guest.socket.next(isEvent('locked'));
    await setLocked(stack.redis, seeded.room.id, false);
    await guest.socket.next(isEvent('unlocked'));
    guest.socket.close();
  });

  it('ends the room for everyone with ended and 4502', async () => {
    const seeded = await seedRoom(stack.redis);
    const a = await joinOn(stack.gateways[0]!, seeded, seeded.host);
    const b = await joinOn(stack.gateways[1]!, seeded, seeded.guests[0]!);
    expect(await deleteRoom(stack.redis, seeded.room.id, 'ended')).toBe('deleted');
    expect(await a.socket.closed()).toBe(4502);
    expect(await b.socket.closed()).toBe(4502);
    expect(b.socket.frames.some((f) => f.event === 'ended')).toBe(true);
  });

  it('expires the room for everyone with expired and 4503', async () => {
    const seeded = await seedRoom(stack.redis, { ttlMs: 500 });
    const a = await joinOn(stack.gateways[0]!, seeded, seeded.host);
    // An expiry is refused until the room is due: wait until it is, and no longer.
    await new Promise((r) => setTimeout(r, seeded.room.expiresAt - Date.now() + 10));
    expect(await deleteRoom(stack.redis, seeded.room.id, 'expired')).toBe('deleted');
    expect(await a.socket.closed()).toBe(4503);
    expect(a.socket.frames.some((f) => f.event === 'expired')).toBe(true);
  });
});
