import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSocket } from '@mugharred/testing';
import { keys } from '@mugharred/redis-schema';
import { joinOn, seedRoom, sleep, startCluster, type Cluster } from './gateway-fixture.js';

type Msg = { seq: number; text: string; epoch: string };
const messagesOf = (s: TestSocket) => s.frames.filter((f) => f.event === 'message').map((f) => f.message as Msg);

let cluster: Cluster;
// Six Redis nodes that must agree and sync, then two gateway processes: on a loaded 2-core machine this setup
// alone was seen to take over 30 s (the default hook timeout), which failed the file before any assertion.
beforeAll(async () => {
  cluster = await startCluster(2, { RATE_PER_SECOND: '1000', RATE_BURST: '1000' }, 'cluster');
}, 120_000);
afterAll(() => cluster?.stop());

/**
 * A sender on one replica and a reader on the other; 150 messages go out one every 10 ms and `switchMaster`
 * runs after the 30th is acknowledged. A message refused with an error (storage unavailable while the room's
 * slot has no master) is sent again with the same clientMsgId until acknowledged, as the web client does.
 * Then every acknowledged message must have reached both members once, in order, and be stored.
 */
async function chatThrough(switchMaster: (roomKey: string) => Promise<{ from: number; to: number }>) {
  const seeded = await seedRoom(cluster.redis);
  const roomId = seeded.room.id;
  const sender = await joinOn(cluster.gateways[0]!, seeded, seeded.host);
  const reader = await joinOn(cluster.gateways[1]!, seeded, seeded.guests[0]!);
  const total = 150;
  const send = (i: number) => sender.socket.send({ type: 'send_message', roomId, text: `m${i}`, clientMsgId: `c${i}` });
  const sending = (async () => {
    for (let i = 0; i < total; i++) {
      send(i);
      await sleep(10);
    }
  })();
  await sender.socket.next((f) => f.type === 'ack' && f.clientMsgId === 'c30', 10_000);
  const switched = await switchMaster(keys.room(roomId));
  expect(switched.to).not.toBe(switched.from);
  await sending;

  const acked = new Map<string, number>();
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (const f of sender.socket.frames) if (f.type === 'ack') acked.set(f.clientMsgId as string, f.seq as number);
    const unacked = Array.from({ length: total }, (_, i) => i).filter((i) => !acked.has(`c${i}`));
    if (unacked.length === 0 || Date.now() > deadline || sender.socket.closeCode !== null) break;
    for (const i of unacked) send(i);
    await sleep(300);
  }
  // A failover is no reason to cut anyone off: both stay connected throughout.
  for (const s of [sender.socket, reader.socket]) expect(`${s.closeCode ?? 'open'} ${s.closeReason}`.trim()).toBe('open');
  expect(acked.size).toBe(total);
  // Each message stored once: a retry of a stored one got its original seq back.
  expect(Math.max(...acked.values())).toBe(total);
  for (const s of [sender.socket, reader.socket]) {
    await s.next((f) => f.event === 'message' && (f.message as Msg).seq === total, 10_000);
    const seen = messagesOf(s);
    expect(seen.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(seen.map((m) => m.text)).size).toBe(total);
    expect(new Set(seen.map((m) => m.epoch))).toEqual(new Set([seeded.room.epoch]));
  }
  expect(await cluster.redis.xlen(keys.history(roomId))).toBe(total);
  sender.socket.close();
  reader.socket.close();
  return sender.socket.frames.filter((f) => f.type === 'error').length;
}

describe('a Redis Cluster master failover during traffic', () => {
  it('loses no acknowledged message when the master hands over to its replica (CLUSTER FAILOVER)', async () => {
    await chatThrough((key) => cluster.server.cluster!.failover(key));
  });

  it('loses no acknowledged message when the master crashes and its replica is promoted', async () => {
    const refusals = await chatThrough((key) => cluster.server.cluster!.crash(key));
    // While the slot had no master, sends were refused (and retried), never acknowledged unstored.
    expect(refusals).toBeGreaterThan(0);
  });
});
