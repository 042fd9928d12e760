import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { CloseName } from '@mugharred/protocol';
import { appendMessage, getRoom, keys, presenceJoin, readEventsAfter, renewEpoch, streamPosition } from '@mugharred/redis-schema';
import { startPrivateRedis, type PrivateRedis } from '@mugharred/testing';
import { messageFrame } from './frames.js';
import { EpochChangedError, RoomRelay, type RelayMember, type Snapshot } from './room-relay.js';
import { seedRoom, type SeededRoom } from './gateway-fixture.js';

let server: PrivateRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

class Recorder implements RelayMember {
  floor = 0;
  frames: { type?: string; event?: string; message?: { seq: number }; participants?: { id: string }[] }[] = [];
  /** Socket writes: a batch is one. */
  writes = 0;
  closed: CloseName | null = null;
  constructor(readonly userId: string) {}
  write(wire: Buffer) {
    this.writes++;
    for (const payload of unframe(wire)) this.frames.push(JSON.parse(payload.toString()));
  }
  closeFor(reason: CloseName) {
    this.closed = reason;
  }
  seqs() {
    return this.frames.filter((f) => f.event === 'message').map((f) => f.message!.seq);
  }
}

const relayFor = (seeded: SeededRoom, errors: unknown[] = [], coalesceMs = 0, onControl: (frame: Record<string, unknown>) => void = () => undefined) =>
  new RoomRelay(
    seeded.room.id,
    {
      after: (roomId, a, u) => readEventsAfter(redis, roomId, a, u),
      epoch: async (roomId) => (await getRoom(redis, roomId))?.epoch ?? null,
      renewEpoch: (roomId, seen) => renewEpoch(redis, roomId, seen),
    },
    coalesceMs,
    (err) => errors.push(err),
    (_relay, frame) => onControl(frame),
  );

async function post(seeded: SeededRoom, n: number, text = 't') {
  for (let i = 0; i < n; i++) {
    await appendMessage(redis, { roomId: seeded.room.id, userId: seeded.host.id, name: 'H', clientMsgId: `c${Math.random()}`, text }, { perSecond: 1000, burst: 100000 });
  }
}

/**
 * What a Redis failover does to writes its replica never received: the room's stream and seq go back to `seq`
 * (the replica's copy), and the new master then numbers new messages from there.
 */
async function loseWritesAfter(seeded: SeededRoom, seq: number) {
  const history = keys.history(seeded.room.id);
  const kept = (await redis.xrange(history, '-', `${seq}-0`)) as [string, string[]][];
  await redis.del(history);
  for (const [id, fields] of kept) await redis.xadd(history, id, ...fields);
  await redis.set(keys.seq(seeded.room.id), seq);
  // The new master's writes come later than the lost ones (a failover takes seconds): a later write time.
  await new Promise((r) => setTimeout(r, 5));
}

/** What the gateway reads for a joining socket: presence-join's snapshot. */
async function snapshotFor(seeded: SeededRoom, member: Recorder): Promise<Snapshot> {
  const res = await presenceJoin(redis, { roomId: seeded.room.id, userId: member.userId, connId: `t.${Math.random()}` }, { ttlMs: 60_000, maxSocketsPerUser: 100 });
  if (!res.ok) throw new Error(res.code);
  return { ...res, epoch: res.room.epoch };
}

async function envelopeFor(seeded: SeededRoom, seq: number) {
  const [event] = await readEventsAfter(redis, seeded.room.id, seq - 1, seq);
  if (!event || !('message' in event)) throw new Error(`no message ${seq}`);
  return { kind: 'message' as const, seq, at: event.at, frame: Buffer.from(messageFrame(seeded.room.id, event.message)) };
}

/** A room with one member joined to its relay (errors collected), then three messages stored. */
async function relayWithThreeMessages() {
  const seeded = await seedRoom(redis);
  const errors: unknown[] = [];
  const relay = relayFor(seeded, errors);
  const member = new Recorder(seeded.guests[0]!.id);
  await relay.join(member, await snapshotFor(seeded, member), () => undefined);
  await post(seeded, 3);
  return { seeded, errors, relay, member };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('RoomRelay', () => {
  it('fills a seq gap from history so members see every message once, in order', async () => {
    const seeded = await seedRoom(redis);
    await post(seeded, 5);
    const relay = relayFor(seeded);
    const member = new Recorder(seeded.guests[0]!.id);
    let snap: Snapshot | undefined;
    await relay.join(member, await snapshotFor(seeded, member), (s) => (snap = s));
    expect(snap!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    await post(seeded, 3);
    relay.onEnvelope(await envelopeFor(seeded, 8));
    relay.onEnvelope(await envelopeFor(seeded, 7));
    await settle();
    expect(member.seqs()).toEqual([6, 7, 8]);
  });

  it('drops a message published twice, and one arriving after its gap was already filled', async () => {
    const { seeded, errors, member, relay } = await relayWithThreeMessages();
    relay.onEnvelope(await envelopeFor(seeded, 3));
    for (const seq of [1, 2, 3, 3]) relay.onEnvelope(await envelopeFor(seeded, seq));
    await settle();
    expect(member.seqs()).toEqual([1, 2, 3]);
    expect(errors).toEqual([]);
  });

  it('catches up with messages pub/sub never delivered', async () => {
    const seeded = await seedRoom(redis);
    const relay = relayFor(seeded);
    const member = new Recorder(seeded.guests[0]!.id);
    await relay.join(member, await snapshotFor(seeded, member), () => undefined);
    await post(seeded, 2);
    relay.catchUp(2, relay.delivered);
    await settle();
    expect(member.seqs()).toEqual([1, 2]);
  });

  it('keeps members when a seq read is overtaken by newer messages, as when it is retried through a failover', async () => {
    const { seeded, errors, relay, member } = await relayWithThreeMessages();
    relay.onEnvelope(await envelopeFor(seeded, 1));
    await settle();
    const delivered = relay.delivered;
    const { latest } = await streamPosition(redis, seeded.room.id, delivered);
    await post(seeded, 2);
    for (const seq of [2, 3, 4, 5]) relay.onEnvelope(await envelopeFor(seeded, seq));
    await settle();
    relay.catchUp(latest, delivered);
    await settle();
    expect(latest).toBe(3);
    expect(member.seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(member.closed).toBeNull();
    expect(errors).toEqual([]);
  });

  it('never lets a joiner see a message twice when the live stream overlaps its snapshot', async () => {
    const seeded = await seedRoom(redis);
    const relay = relayFor(seeded);
    const early = new Recorder(seeded.host.id);
    await relay.join(early, await snapshotFor(seeded, early), () => undefined);
    await post(seeded, 2);
    const late = new Recorder(seeded.guests[0]!.id);
    let snap: Snapshot | undefined;
    const joining = relay.join(late, await snapshotFor(seeded, late), (s) => (snap = s));
    relay.onEnvelope(await envelopeFor(seeded, 1));
    relay.onEnvelope(await envelopeFor(seeded, 2));
    await joining;
    await settle();
    expect(snap!.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(late.seqs()).toEqual([]);
    expect(early.seqs()).toEqual([1, 2]);
  });

  it('gives a joiner the messages delivered while its snapshot was on its way, and none of them twice', async () => {
    const seeded = await seedRoom(redis);
    const relay = relayFor(seeded);
    const early = new Recorder(seeded.host.id);
    await relay.join(early, await snapshotFor(seeded, early), () => undefined);
    const late = new Recorder(seeded.guests[0]!.id);
    const stale = await snapshotFor(seeded, late);
    await post(seeded, 2);
    relay.onEnvelope(await envelopeFor(seeded, 1));
    relay.onEnvelope(await envelopeFor(seeded, 2));
    await settle();
    let snap: Snapshot | undefined;
    await relay.join(late, stale, (s) => (snap = s));
    await post(seeded, 1);
    relay.onEnvelope(await envelopeFor(seeded, 2));
    relay.onEnvelope(await envelopeFor(seeded, 3));
    await settle();
    expect(snap!.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(late.seqs()).toEqual([3]);
    expect(early.seqs()).toEqual([1, 2, 3]);
  });

  it('closes members instead of leaving a hole it cannot fill', async () => {
    const { seeded, errors, relay, member } = await relayWithThreeMessages();
    await redis.xtrim(keys.history(seeded.room.id), 'MINID', '3-0');
    relay.onEnvelope(await envelopeFor(seeded, 3));
    await settle();
    expect(member.closed).toBe('internalError');
    expect(errors).toHaveLength(1);
  });

  /** A member shown messages 1-3, of which Redis then lost 2 and 3. */
  async function shownThenLost() {
    const { seeded, errors, relay, member } = await relayWithThreeMessages();
    relay.catchUp(3, relay.delivered);
    await settle();
    expect(member.seqs()).toEqual([1, 2, 3]);
    const deliveredAt = relay.deliveredAt;
    await loseWritesAfter(seeded, 1);
    return { seeded, errors, relay, member, deliveredAt };
  }

  /** The member rejoins as the web client does, from the position it holds: what does it get? */
  const rejoin = (seeded: SeededRoom, member: Recorder) =>
    presenceJoin(
      redis,
      { roomId: seeded.room.id, userId: member.userId, connId: `back.${Math.random()}` },
      { ttlMs: 60_000, maxSocketsPerUser: 100, since: { epoch: seeded.room.epoch, seq: 3 } },
    );

  it('resets the history when Redis falls back behind what members were shown, so they rejoin unrecovered', async () => {
    const { seeded, errors, relay, member } = await shownThenLost();
    relay.catchUp(1, relay.delivered);
    await settle();
    expect(member.closed).toBe('historyReset');
    expect(errors).toHaveLength(1);
    const epoch = (await getRoom(redis, seeded.room.id))!.epoch;
    expect(epoch).not.toBe(seeded.room.epoch);
    expect(relay.epoch).toBe(epoch);
    expect(await rejoin(seeded, member)).toMatchObject({ ok: true, recovered: false, seq: 1 });
  });

  it('resets the history when a new message arrives under a seq it delivered, as after a failover', async () => {
    const { seeded, relay, member } = await shownThenLost();
    await post(seeded, 2, 'after the failover');
    relay.onEnvelope(await envelopeFor(seeded, 2));
    await settle();
    expect(member.closed).toBe('historyReset');
    // Without the reset the new 2 and 3 would have been taken for the ones shown, and 4 would follow them.
    const back = await rejoin(seeded, member);
    expect(back).toMatchObject({ ok: true, recovered: false, seq: 3 });
    expect(back.ok && back.messages.map((m) => [m.seq, m.text])).toEqual([[1, 't'], [2, 'after the failover'], [3, 'after the failover']]);
    // New messages carry the new epoch, so the rejoined member's position is in it.
    await post(seeded, 1);
    const [fourth] = await readEventsAfter(redis, seeded.room.id, 3);
    expect(fourth && 'message' in fourth && fourth.message.epoch).toBe(relay.epoch);
  });

  it('resets the history after a reconnect when the new master took as many messages as were lost', async () => {
    const { seeded, relay, member, deliveredAt } = await shownThenLost();
    await post(seeded, 2, 'after the failover');
    const delivered = relay.delivered;
    const { latest, at } = await streamPosition(redis, seeded.room.id, delivered);
    expect(latest).toBe(delivered);
    relay.catchUp(latest, delivered, { atDelivered: deliveredAt, atInRedis: at });
    await settle();
    expect(member.closed).toBe('historyReset');
  });

  it('checks the event it delivered last when it fills a gap, and resets the history when Redis holds another', async () => {
    const { seeded, relay, member } = await shownThenLost();
    // The new 2, 3 and 4 never arrived live (this replica was resubscribing); 5 does, and 4 is filled from history.
    await post(seeded, 4, 'after the failover');
    relay.onEnvelope(await envelopeFor(seeded, 5));
    await settle();
    expect(member.closed).toBe('historyReset');
    expect(member.seqs()).toEqual([1, 2, 3]);
  });

  it('takes a message it filled from history and then receives live as the same one', async () => {
    const { seeded, errors, relay, member } = await relayWithThreeMessages();
    relay.catchUp(3, relay.delivered);
    await settle();
    for (const seq of [1, 2, 3]) relay.onEnvelope(await envelopeFor(seeded, seq));
    await settle();
    expect(member.seqs()).toEqual([1, 2, 3]);
    expect(member.closed).toBeNull();
    expect(errors).toEqual([]);
  });

  it('sends its members to rejoin when another replica resets the room, and refuses a snapshot read before', async () => {
    const { seeded, relay, member } = await relayWithThreeMessages();
    const late = new Recorder(seeded.host.id);
    const stale = await snapshotFor(seeded, late);
    const epoch = (await renewEpoch(redis, seeded.room.id, seeded.room.epoch))!;
    relay.onEnvelope({ kind: 'reset', epoch });
    await settle();
    expect(member.closed).toBe('historyReset');
    await expect(relay.join(late, stale, () => undefined)).rejects.toBeInstanceOf(EpochChangedError);
    const fresh = new Recorder(seeded.host.id);
    await relay.join(fresh, await snapshotFor(seeded, fresh), () => undefined);
    expect(relay.members.has(fresh)).toBe(true);
  });

  it('applies a reset whose envelope it missed once a joiner brings the new epoch', async () => {
    const { seeded, relay, member } = await relayWithThreeMessages();
    // Pub/sub is best effort: this relay never hears of the reset another replica made.
    const epoch = (await renewEpoch(redis, seeded.room.id, seeded.room.epoch))!;
    const fresh = new Recorder(seeded.host.id);
    await relay.join(fresh, await snapshotFor(seeded, fresh), () => undefined);
    expect(member.closed).toBe('historyReset');
    expect(relay.members.has(fresh)).toBe(true);
    expect(relay.epoch).toBe(epoch);
  });

  it('sends a burst of presence events to each member in one write, with only the newest participants list', async () => {
    const seeded = await seedRoom(redis);
    const relay = relayFor(seeded, [], 30);
    const member = new Recorder(seeded.host.id);
    await relay.join(member, await snapshotFor(seeded, member), () => undefined);
    const ids = ['a', 'b', 'c'];
    ids.forEach((id, i) => {
      relay.onEnvelope({ kind: 'forward', frame: presenceFrame({ type: 'room_event', event: 'participant_joined', participant: { id } }) });
      relay.onEnvelope({ kind: 'participants', frame: presenceFrame({ type: 'participants_update', participants: ids.slice(0, i + 1).map((p) => ({ id: p })) }) });
    });
    expect(member.frames).toEqual([]);
    await settle();
    expect(member.writes).toBe(1);
    expect(member.frames.map((f) => f.event ?? f.type)).toEqual(['participant_joined', 'participant_joined', 'participant_joined', 'participants_update']);
    expect(member.frames.at(-1)!.participants!.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('delivers held presence events before a later message, keeping the published order', async () => {
    const seeded = await seedRoom(redis);
    const relay = relayFor(seeded, [], 10_000);
    const member = new Recorder(seeded.guests[0]!.id);
    await relay.join(member, await snapshotFor(seeded, member), () => undefined);
    relay.onEnvelope({ kind: 'forward', frame: presenceFrame({ type: 'room_event', event: 'locked' }) });
    await post(seeded, 1);
    relay.onEnvelope(await envelopeFor(seeded, 1));
    await settle();
    expect(member.frames.map((f) => f.event)).toEqual(['locked', 'message']);
  });

  it('sends a control event to every member after the events held before it, and hands it to the replica', async () => {
    const seeded = await seedRoom(redis);
    const controls: Record<string, unknown>[] = [];
    const relay = relayFor(seeded, [], 10_000, (frame) => controls.push(frame));
    const member = new Recorder(seeded.host.id);
    await relay.join(member, await snapshotFor(seeded, member), () => undefined);
    relay.onEnvelope({ kind: 'forward', frame: presenceFrame({ type: 'room_event', event: 'locked' }) });
    relay.onEnvelope({ kind: 'control', frame: presenceFrame({ type: 'room_event', event: 'kicked', userId: 'u1' }) });
    await settle();
    expect(member.frames.map((f) => f.event)).toEqual(['locked', 'kicked']);
    expect(controls).toEqual([{ type: 'room_event', event: 'kicked', userId: 'u1' }]);
  });

  it('reports a control event the replica cannot handle and goes on delivering the room', async () => {
    const seeded = await seedRoom(redis);
    const errors: unknown[] = [];
    const relay = relayFor(seeded, errors, 0, () => {
      throw new Error('handler failed');
    });
    const member = new Recorder(seeded.host.id);
    await relay.join(member, await snapshotFor(seeded, member), () => undefined);
    await post(seeded, 1);
    relay.onEnvelope({ kind: 'control', frame: presenceFrame({ type: 'room_event', event: 'kicked', userId: 'u1' }) });
    relay.onEnvelope(await envelopeFor(seeded, 1));
    await settle();
    expect(errors).toHaveLength(1);
    expect(member.frames.map((f) => f.event)).toEqual(['kicked', 'message']);
  });
});

/** The payloads of the unmasked text frames in `wire` (as a client's WebSocket would read them). */
function unframe(wire: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < wire.length; ) {
    expect(wire[at]).toBe(0x81);
    const short = wire[at + 1]!;
    const [len, head] = short === 126 ? [wire.readUInt16BE(at + 2), 4] : short === 127 ? [Number(wire.readBigUInt64BE(at + 2)), 10] : [short, 2];
    out.push(wire.subarray(at + head, at + head + len));
    at += head + len;
  }
  return out;
}

function presenceFrame(frame: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify(frame));
}
