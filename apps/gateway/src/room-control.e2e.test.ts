import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, REDIS_KINDS } from '@mugharred/testing';
import { deleteRoom, kickMember, setLocked } from '@mugharred/redis-schema';
import { joinOn, seedRoom, startCluster, type Cluster } from './gateway-fixture.js';

describe.each(REDIS_KINDS)('room control events reach every replica on a %s Redis', (kind) => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2, {}, kind);
  });
  afterAll(() => cluster.stop());

  it('tells everyone about a kick and closes the kicked user sockets with 4501, on every replica', async () => {
    const seeded = await seedRoom(cluster.redis, { guestNames: ['Kian', 'Lale'] });
    const [g1, g2] = cluster.gateways;
    const host = await joinOn(g1!, seeded, seeded.host);
    const kickedA = await joinOn(g1!, seeded, seeded.guests[0]!);
    const kickedB = await joinOn(g2!, seeded, seeded.guests[0]!);
    const other = await joinOn(g2!, seeded, seeded.guests[1]!);
    expect(await kickMember(cluster.redis, seeded.room.id, seeded.guests[0]!.id)).toBe('ok');
    expect(await kickedA.socket.closed()).toBe(4501);
    expect(await kickedB.socket.closed()).toBe(4501);
    expect(kickedB.socket.frames.some((f) => f.event === 'kicked')).toBe(true);
    expect(await other.socket.next(isEvent('kicked'))).toMatchObject({ userId: seeded.guests[0]!.id, name: 'Kian' });
    const again = await joinOn(g2!, seeded, seeded.guests[0]!).catch((e: Error) => e);
    expect(again).toBeInstanceOf(Error);
    host.socket.close();
    other.socket.close();
  });

  it('forwards lock and unlock to members', async () => {
    const seeded = await seedRoom(cluster.redis);
    const guest = await joinOn(cluster.gateways[1]!, seeded, seeded.guests[0]!);
    await setLocked(cluster.redis, seeded.room.id, true);
    await guest.socket.next(isEvent('locked'));
    await setLocked(cluster.redis, seeded.room.id, false);
    await guest.socket.next(isEvent('unlocked'));
    guest.socket.close();
  });

  it('ends the room for everyone with ended and 4502', async () => {
    const seeded = await seedRoom(cluster.redis);
    const a = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
    const b = await joinOn(cluster.gateways[1]!, seeded, seeded.guests[0]!);
    expect(await deleteRoom(cluster.redis, seeded.room.id, 'ended')).toBe('deleted');
    expect(await a.socket.closed()).toBe(4502);
    expect(await b.socket.closed()).toBe(4502);
    expect(b.socket.frames.some((f) => f.event === 'ended')).toBe(true);
  });

  it('expires the room for everyone with expired and 4503', async () => {
    const seeded = await seedRoom(cluster.redis, { ttlMs: 1500 });
    const a = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await deleteRoom(cluster.redis, seeded.room.id, 'expired')).toBe('deleted');
    expect(await a.socket.closed()).toBe(4503);
    expect(a.socket.frames.some((f) => f.event === 'expired')).toBe(true);
  });
});
