import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestSocket } from '@mugharred/testing';
import { keys } from '@mugharred/redis-schema';
import { joinOn, seedRoom, sleep, startCluster, type Cluster } from './gateway-fixture.js';

type Msg = { seq: number; text: string; epoch: string };
const messagesOf = (s: TestSocket) => s.frames.filter((f) => f.event === 'message').map((f) => f.message as Msg);

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster(2, { RATE_PER_SECOND: '1000', RATE_BURST: '1000' }, 'cluster');
});
afterAll(() => cluster.stop());

describe('a Redis Cluster master failover during traffic', () => {
  it('loses no acknowledged message: members on both replicas see every one once, in order', async () => {
    const seeded = await seedRoom(cluster.redis);
    const [g1, g2] = cluster.gateways;
    const sender = await joinOn(g1!, seeded, seeded.host);
    const reader = await joinOn(g2!, seeded, seeded.guests[0]!);
    const roomId = seeded.room.id;

    // One message every 10 ms; a message refused with an error (storage unavailable) is retried with the same
    // clientMsgId until it is acknowledged, as the web client does.
    const total = 150;
    const acked = new Map<string, number>();
    const send = (i: number) => sender.socket.send({ type: 'send_message', roomId, text: `m${i}`, clientMsgId: `c${i}` });
    const sending = (async () => {
      for (let i = 0; i < total; i++) {
        send(i);
        await sleep(10);
      }
    })();
    await sender.socket.next((f) => f.type === 'ack' && f.clientMsgId === 'c30', 10_000);
    const switched = await cluster.server.cluster!.failover(keys.room(roomId));
    expect(switched.to).not.toBe(switched.from);
    expect(await cluster.server.cluster!.masterOf(keys.room(roomId))).toBe(switched.to);
    await sending;

    const deadline = Date.now() + 15_000;
    for (;;) {
      for (const f of sender.socket.frames) if (f.type === 'ack') acked.set(f.clientMsgId as string, f.seq as number);
      const unacked = Array.from({ length: total }, (_, i) => i).filter((i) => !acked.has(`c${i}`));
      if (unacked.length === 0 || Date.now() > deadline) break;
      for (const i of unacked) send(i);
      await sleep(300);
    }
    expect(acked.size).toBe(total);
    // Each message stored once: a retry of a stored one got its original seq back.
    const top = Math.max(...acked.values());
    expect(top).toBe(total);
    for (const s of [sender.socket, reader.socket]) {
      await s.next((f) => f.event === 'message' && (f.message as Msg).seq === top, 10_000);
      const seen = messagesOf(s);
      expect(seen.map((m) => m.seq)).toEqual(Array.from({ length: top }, (_, i) => i + 1));
      expect(new Set(seen.map((m) => m.text)).size).toBe(total);
      expect(new Set(seen.map((m) => m.epoch))).toEqual(new Set([seeded.room.epoch]));
    }
    // Every acknowledged message is stored, with the seq its ack gave, on the promoted master.
    expect(await cluster.redis.xlen(keys.history(roomId))).toBe(total);
    sender.socket.close();
    reader.socket.close();
  });
});
