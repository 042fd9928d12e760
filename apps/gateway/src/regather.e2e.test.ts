import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, scrape, TestSocket } from '@mugharred/testing';
import { keys } from '@mugharred/redis-schema';
import { seedRoom, sleep, wsUrl, type SeededRoom } from './gateway-fixture.js';
import { startEdgeStack, type EdgeStack } from './edge-fixture.js';
import { lostDeliveries, MovingClient, until } from './moving-client-fixture.js';
import { REGATHER_HOLD_MS, REGATHER_SPREAD_MS } from './regather.js';

/**
 * A room split by a restart regathers: its owner replica (by the edge's hash) restarts, its members move to the
 * next replica on the ring, the owner comes back, a new member joins there, and the members left on the other
 * replica are moved to the owner, while they chat, without anyone shown leaving or a message lost or doubled.
 */
const MEMBERS = 8;
const SEND_EVERY_MS = 1000;
/** Longer than a replica's hold plus the spread of its closes: a move that was going to happen has happened. */
const SETTLE_MS = REGATHER_HOLD_MS + REGATHER_SPREAD_MS + 500;

let stack: EdgeStack;
let seeded: SeededRoom;
beforeAll(async () => {
  stack = await startEdgeStack(3, { RATE_PER_SECOND: '1000', RATE_BURST: '1000', DRAIN_SPREAD_MS: '500' });
  seeded = await seedRoom(stack.redis, { guestNames: Array.from({ length: MEMBERS - 1 }, (_, i) => `m${i}`) });
}, 120_000);
afterAll(() => stack?.stop());

const roomId = () => seeded.room.id;
const edgeUrl = () => wsUrl({ port: stack.edgePort }, undefined, roomId());

/** The replica of every live socket of the room, from their presence entries (`<userId>|<replicaId>.<nonce>.<n>`). */
async function replicasOfSockets(): Promise<string[]> {
  const entries = await stack.redis.zrange(keys.online(roomId()), 0, -1);
  return entries.map((e) => e.slice(e.indexOf('|') + 1)).filter((conn) => conn.startsWith('gateway-')).map((conn) => conn.split('.')[0]!);
}

async function movedByReplicas(): Promise<number> {
  const scrapes = await Promise.all(stack.gateways().map((g) => scrape(g.url)));
  return scrapes.reduce((n, s) => n + (s.value('mugharred_gateway_regathered_sockets_total') ?? 0), 0);
}

/** Resolves with the one replica serving all `count` sockets of the room (and its channel's one subscriber). */
async function gatheredOn(count: number, withinMs: number): Promise<string> {
  let replicas: string[] = [];
  await until(
    `all ${count} sockets of the room on one replica`,
    async () => {
      replicas = await replicasOfSockets();
      const [subscribers] = await stack.subscribersPerRoom([roomId()]);
      return replicas.length === count && new Set(replicas).size === 1 && subscribers === 1;
    },
    withinMs,
  );
  return replicas[0]!;
}

const closes = (members: MovingClient[]) => members.reduce((n, c) => n + c.closes, 0);

describe('a room split by a restart', () => {
  it('regathers on the replica the edge routes it to, nobody shown leaving, every message delivered once', async () => {
    const users = [seeded.host, ...seeded.guests];
    const clients = users.map((u) => new MovingClient(edgeUrl(), roomId(), seeded.token(u)));
    const [latecomer, ...early] = clients as [MovingClient, ...MovingClient[]];
    const stableJoiner = early.pop()!;
    await Promise.all(early.map((c) => c.start()));
    const owner = await gatheredOn(early.length, 5000);

    // Stable: a routed join on the owner, a direct socket on another replica (no edge, so no route), and sockets
    // through the edge without the room hint but with a forged route header (the edge drops it) move nobody.
    await stableJoiner.start();
    const other = stack.gateways().find((g) => g.name !== owner)!;
    const direct = await TestSocket.open(wsUrl(other, undefined, roomId()), { protocols: ['bearer', seeded.token(seeded.guests[0]!)] });
    direct.send({ type: 'join_room', roomId: roomId() });
    await direct.next(isEvent('joined'));
    // Six, spread by request over the 3 replicas: all six on the owner would be a 1-in-729 chance.
    const forged = await Promise.all(
      [1, 1, 2, 2, 3, 3].map((g) =>
        TestSocket.open(wsUrl({ port: stack.edgePort }), {
          protocols: ['bearer', seeded.token(seeded.guests[g]!)],
          headers: { 'X-Mugharred-Routed-Room': roomId() },
        }),
      ),
    );
    await sleep(SETTLE_MS);
    for (const s of [direct, ...forged]) s.close();
    expect(closes([...early, stableJoiner])).toBe(0);
    expect(await movedByReplicas()).toBe(0);
    expect(await gatheredOn(early.length + 1, 1000)).toBe(owner);

    const members = [...early, stableJoiner].map((client) => ({ client, room: seeded }));
    for (const { client } of members) client.presence.length = 0;
    const senders = members.map(({ client }) => setInterval(() => client.send('hello'), SEND_EVERY_MS));
    try {
      // The owner restarts (drain, then the supervisor starts it again): its members land on the next replica.
      const index = stack.gateways().findIndex((g) => g.name === owner);
      await stack.gateways()[index]!.stop();
      const interim = await gatheredOn(members.length, 10_000);
      expect(interim).not.toBe(owner);
      await until('the owner back and healthy', async () => (await fetch(`${stack.gateways()[index]!.url}/health`).catch(() => null))?.status === 200, 30_000);
      const movesBefore = closes(members.map((m) => m.client));

      // A new member joins: the edge sends it to the owner, which calls the rest of the room over.
      await latecomer.start();
      const joinedAt = Date.now();
      members.push({ client: latecomer, room: seeded });
      expect(await gatheredOn(members.length, 15_000)).toBe(owner);
      const regatherMs = Date.now() - joinedAt;
      await sleep(SETTLE_MS);
      expect(await gatheredOn(members.length, 1000)).toBe(owner);
      const moved = closes(members.map((m) => m.client)) - movesBefore;
      console.log(`regather figures: ${JSON.stringify({ members: members.length, regatherMs, socketsMoved: moved, movedByReplicas: await movedByReplicas() })}`);
      expect(moved).toBe(members.length - 1);
      expect(await movedByReplicas()).toBe(moved);
    } finally {
      for (const t of senders) clearInterval(t);
    }

    await until('every message acknowledged', () => members.every((m) => m.client.pending.size === 0), 15_000);
    const latest = Number(await stack.redis.get(keys.seq(roomId())));
    await until('every member has every message', () => members.every((m) => m.client.seqs.size >= latest), 10_000);
    expect(members.reduce((n, m) => n + m.client.acked.size, 0)).toBeGreaterThan(members.length);
    expect(lostDeliveries(members)).toBe(0);
    expect(members.reduce((n, m) => n + m.client.duplicates, 0)).toBe(0);
    expect(members.reduce((n, m) => n + m.client.unrecovered, 0)).toBe(0);
    expect(members.flatMap((m) => m.client.presence).filter((e) => e === 'participant_left')).toEqual([]);
    for (const { client } of members) client.stop();
  }, 120_000);
});
