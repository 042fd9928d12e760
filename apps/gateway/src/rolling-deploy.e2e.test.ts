import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '@mugharred/redis-schema';
import { seedRoom, sleep, wsUrl, type SeededRoom } from './gateway-fixture.js';
import { startEdgeStack, type EdgeStack } from './edge-fixture.js';
import { lostDeliveries, MovingClient, until } from './moving-client-fixture.js';

/**
 * The deploy an operator makes: `npm start`'s supervisor rolls every gateway replica behind the real nginx edge
 * while 200 members chat (~40 s on a 2-core machine; ROLL_CLIENTS=60 makes it lighter).
 */
const CLIENTS = Number(process.env.ROLL_CLIENTS ?? 200);
const PER_ROOM = 20;
const SEND_EVERY_MS = 2000;
const BACK_WITHIN_MS = 5000;

let stack: EdgeStack;
beforeAll(async () => {
  stack = await startEdgeStack(3, { RATE_PER_SECOND: '1000', RATE_BURST: '1000', DRAIN_SPREAD_MS: '2000' });
}, 120_000);
afterAll(() => stack?.stop());

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

describe('a rolling deploy through the edge', () => {
  it(`rolls every replica while ${CLIENTS} clients chat: nothing lost or doubled, nobody shown leaving, all back within 5 s`, async () => {
    const rooms: SeededRoom[] = [];
    const members: { client: MovingClient; room: SeededRoom }[] = [];
    for (let r = 0; r * PER_ROOM < CLIENTS; r++) {
      const size = Math.min(PER_ROOM, CLIENTS - r * PER_ROOM);
      const seeded = await seedRoom(stack.redis, { guestNames: Array.from({ length: size - 1 }, (_, i) => `m${i}`), max: 50 });
      rooms.push(seeded);
      for (const user of [seeded.host, ...seeded.guests]) {
        members.push({ client: new MovingClient(wsUrl({ port: stack.edgePort }, undefined, seeded.room.id), seeded.room.id, seeded.token(user)), room: seeded });
      }
    }
    await Promise.all(members.map((m) => m.client.start()));
    // Room routing: each room's members share one replica.
    expect(await stack.subscribersPerRoom(rooms.map((r) => r.room.id))).toEqual(rooms.map(() => 1));
    await sleep(300);
    for (const { client } of members) client.presence.length = 0;

    const senders = members.map(({ client }) => {
      const t = setTimeout(() => {
        client.send('hello');
        senders.push(setInterval(() => client.send('hello'), SEND_EVERY_MS));
      }, Math.random() * SEND_EVERY_MS);
      return t;
    });
    const rollStart = Date.now();
    try {
      await stack.supervisor.roll();
    } finally {
      for (const t of senders) clearInterval(t);
    }
    const rollMs = Date.now() - rollStart;
    await until('every message acknowledged', () => members.every((m) => m.client.pending.size === 0), 15_000);
    const latest = new Map<string, number>();
    for (const r of rooms) latest.set(r.room.id, Number(await stack.redis.get(keys.seq(r.room.id))));
    await until('every member has every message of its room', () => members.every((m) => m.client.seqs.size >= latest.get(m.room.room.id)!), 10_000);

    const acked = members.reduce((n, m) => n + m.client.acked.size, 0);
    const lost = lostDeliveries(members);
    const reconnects = members.flatMap((m) => m.client.reconnectMs);
    const refused = members.reduce((n, m) => n + (m.client.refused.get(503) ?? 0), 0);
    const figures = {
      clients: CLIENTS,
      rooms: rooms.length,
      rollSeconds: rollMs / 1000,
      acknowledged: acked,
      lostDeliveries: lost,
      duplicates: members.reduce((n, m) => n + m.client.duplicates, 0),
      unrecoveredJoins: members.reduce((n, m) => n + m.client.unrecovered, 0),
      presenceEvents: members.reduce((n, m) => n + m.client.presence.length, 0),
      moves: members.reduce((n, m) => n + m.client.closes, 0),
      upgrades503: refused,
      reconnectMsMax: Math.max(0, ...reconnects),
      reconnectMsP99: percentile(reconnects, 0.99),
      reconnectMsP50: percentile(reconnects, 0.5),
    };
    console.log(`rolling deploy figures: ${JSON.stringify(figures)}`);
    expect(stack.said.filter((l) => l.includes('restarted and healthy'))).toHaveLength(3);
    expect(acked).toBeGreaterThan(CLIENTS);
    expect(figures.lostDeliveries).toBe(0);
    expect(figures.duplicates).toBe(0);
    expect(figures.unrecoveredJoins).toBe(0);
    expect(figures.presenceEvents).toBe(0);
    // Every replica was rolled, so every client moved at least once, and came back in time.
    expect(members.every((m) => m.client.closes >= 1)).toBe(true);
    expect(figures.reconnectMsMax).toBeLessThanOrEqual(BACK_WITHIN_MS);
    expect(figures.upgrades503).toBe(0);
    // Each room whole again on one replica: a deploy does not leave rooms split (regather.ts).
    expect(await stack.subscribersPerRoom(rooms.map((r) => r.room.id))).toEqual(rooms.map(() => 1));
    for (const { client } of members) client.stop();
  }, 240_000);

  it('restarts a replica that dies, after a backoff, and says so', async () => {
    const victim = stack.gateways()[1]!;
    victim.child.kill('SIGKILL');
    await until('the supervisor restarts it', () => stack.said.some((l) => l.includes(`${victim.name} is running again`)), 30_000);
    expect(stack.said.join('\n')).toContain(`${victim.name} exited (SIGKILL); starting it again in 0.5 s`);
    const again = stack.gateways()[1]!;
    expect(again.pid).not.toBe(victim.pid);
    expect((await fetch(`${again.url}/health`)).status).toBe(200);
  }, 60_000);
});
