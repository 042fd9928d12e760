import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSocket } from '@mugharred/testing';
import { keys } from '@mugharred/redis-schema';
import { joinOn, seedRoom, startCluster, wsUrl, type Cluster } from './gateway-fixture.js';

// Three sockets per user; a lease lapses three ping rounds (900 ms) after its replica stops renewing it.
const PING_INTERVAL_MS = 300;
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(2, { MAX_SOCKETS_PER_USER: '3', PING_INTERVAL_MS: String(PING_INTERVAL_MS), JOIN_TIMEOUT_MS: '5000' });
});
afterAll(() => cluster.stop());

const open = (replica: number, token: string) => TestSocket.open(wsUrl(cluster.gateways[replica]!, token));
/** Open after a moment in which a refused socket would have been closed. */
const stillOpen = async (s: TestSocket) => (await s.closed(300).catch(() => null)) === null;

describe('the per-user socket cap, across two gateway replicas', () => {
  it('counts a user’s unjoined sockets on every replica: the 4th is closed with 4003 wherever it lands', async () => {
    const seeded = await seedRoom(cluster.redis);
    const token = seeded.token(seeded.host);
    const held = [await open(0, token), await open(0, token), await open(1, token)];
    for (const replica of [0, 1]) {
      const extra = await open(replica, token);
      expect(await extra.closed()).toBe(4003);
    }
    for (const s of held) expect(await stillOpen(s)).toBe(true);
    expect(await cluster.redis.zcard(keys.userSockets(seeded.host.id))).toBe(3);

    // A closed socket frees its place at once, on the other replica too.
    held[0]!.close();
    await held[0]!.closed();
    await expect.poll(() => cluster.redis.zcard(keys.userSockets(seeded.host.id))).toBe(2);
    const again = await open(1, token);
    expect(await stillOpen(again)).toBe(true);
    for (const s of [...held, again]) s.close();
  });

  it('counts joined and unjoined sockets together, and another user is not held back', async () => {
    const seeded = await seedRoom(cluster.redis);
    const joined = [await joinOn(cluster.gateways[0]!, seeded, seeded.host), await joinOn(cluster.gateways[1]!, seeded, seeded.host)];
    const unjoined = await open(1, seeded.token(seeded.host));
    const fourth = await open(0, seeded.token(seeded.host));
    expect(await fourth.closed()).toBe(4003);
    const guest = await joinOn(cluster.gateways[0]!, seeded, seeded.guests[0]!);
    expect(guest.joined.event).toBe('joined');
    for (const s of [...joined.map((j) => j.socket), unjoined, guest.socket]) s.close();
  });

  it('keeps counting a socket that lives past its lease (renewed at each ping), and lets the sockets of a dead replica go', async () => {
    const seeded = await seedRoom(cluster.redis);
    const token = seeded.token(seeded.host);
    const onDoomed = [await joinOn(cluster.gateways[1]!, seeded, seeded.host), await joinOn(cluster.gateways[1]!, seeded, seeded.host)];
    const onLiving = (await joinOn(cluster.gateways[0]!, seeded, seeded.host)).socket;
    await new Promise((r) => setTimeout(r, PING_INTERVAL_MS * 5));
    const refused = await open(0, token);
    expect(await refused.closed()).toBe(4003);

    await cluster.gateways[1]!.kill();
    for (const { socket } of onDoomed) await socket.closed();
    // Until its leases lapse (3 ping rounds) the dead replica's sockets still count; then the user is let in again.
    await expect
      .poll(async () => {
        const s = await open(0, token);
        const kept = await stillOpen(s);
        s.close();
        return kept;
      }, { timeout: PING_INTERVAL_MS * 3 + 3000, interval: 200 })
      .toBe(true);
    onLiving.close();
  });
});
