import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvent, TestSocket, UpgradeRefused } from '@mugharred/testing';
import { retryHintMs } from '@mugharred/protocol';
import { joinOn, seedRoom, sleep, startGateway, wsUrl, type SeededRoom } from './gateway-fixture.js';
import { startInProcessStack, type InProcessStack } from './in-process-fixture.js';

// Short presence timings, so a replica paused past the TTL and a grace running out both fit in a test.
const PRESENCE = { PRESENCE_TTL_MS: '1500', PRESENCE_REFRESH_MS: '300' };
/** The grace of the replica that stays, long enough for a reload, short enough to wait out. */
const STABLE_GRACE_MS = 1500;

// The replica that stays is built in this process; the ones that drain or pause are real processes.
let cluster: InProcessStack;
beforeAll(async () => {
  cluster = await startInProcessStack({ ...PRESENCE, PRESENCE_GRACE_MS: String(STABLE_GRACE_MS) });
});
afterAll(() => cluster?.stop());
const stable = () => cluster.gateways[0]!;

type Frame = { type: string; event?: string; participant?: { id: string }; participants?: { id: string; online: boolean }[] };
/** The presence events about `userId` that `s` received after its first `from` frames. */
const presenceOf = (s: TestSocket, userId: string, from: number) =>
  (s.frames as Frame[])
    .slice(from)
    .filter((f) => (f.event === 'participant_left' || f.event === 'participant_joined') && f.participant?.id === userId);
const everyoneOnline = (f: Frame) => f.type === 'participants_update' && f.participants!.every((p) => p.online);

/** What a socket opened at a draining replica got: refused (HTTP status or connection refused), or opened then closed. */
async function tryOpen(port: number, seeded: SeededRoom): Promise<string> {
  try {
    const s = await TestSocket.open(wsUrl({ port }, seeded.token(seeded.guests[0]!), seeded.room.id));
    return `closed ${await s.closed(8000)}`;
  } catch (err) {
    if (err instanceof UpgradeRefused) return `refused ${err.status}`;
    return (err as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'connect refused' : String(err);
  }
}

describe('a replica that drains (a deploy)', () => {
  it('refuses upgrades from the signal on, moves its sockets with 1012 and a hint over the spread, and exits', async () => {
    const seeded = await seedRoom(cluster.redis, { guestNames: ['Ava', 'Bo', 'Cy'] });
    const leaving = await startGateway(cluster.server, 'leaving', { ...PRESENCE, PRESENCE_GRACE_MS: '3000', DRAIN_SPREAD_MS: '1500' });
    const host = await joinOn(stable(), seeded, seeded.host);
    const movers = await Promise.all(seeded.guests.map((g) => joinOn(leaving, seeded, g)));
    await host.socket.next(everyoneOnline);
    const exited = new Promise<number | null>((r) => leaving.child.once('exit', (code) => r(code)));
    const closedAt: number[] = [];
    for (const m of movers) void m.socket.closed(8000).then(() => closedAt.push(Date.now()));

    const mark = host.socket.frames.length;
    leaving.child.kill('SIGTERM');
    // As in the report: sockets opened at once after the signal, and for a while after it.
    const late: Promise<string>[] = [tryOpen(leaving.port, seeded)];
    // The signal reaches the process through its event loop: a request already queued may still be answered.
    let health = await fetch(`${leaving.url}/health`);
    for (let i = 0; health.status === 200 && i < 20; i++) {
      await sleep(50);
      health = await fetch(`${leaving.url}/health`);
    }
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'draining' });
    for (let i = 0; i < 15; i++) {
      late.push(tryOpen(leaving.port, seeded));
      await sleep(20);
    }

    for (const m of movers) {
      expect(await m.socket.closed(5000)).toBe(1012);
      expect(retryHintMs(m.socket.closeReason)).toBeGreaterThanOrEqual(0);
    }
    // Spread: three sockets over 1.5 s, not all at once.
    expect(Math.max(...closedAt) - Math.min(...closedAt)).toBeGreaterThan(500);
    // Refused once the signal is handled; one that got in just before is moved like the others; none is left open.
    const outcomes = await Promise.all(late);
    for (const outcome of outcomes) expect(['refused 503', 'connect refused', 'closed 1012']).toContain(outcome);
    expect(outcomes.filter((o) => o === 'refused 503').length).toBeGreaterThan(5);
    expect(await exited).toBe(0);

    // They come back on another replica within the grace: nobody saw them leave or join again.
    const back = await Promise.all(seeded.guests.map((g) => joinOn(stable(), seeded, g)));
    await sleep(3500);
    for (const g of seeded.guests) expect(presenceOf(host.socket, g.id, mark)).toEqual([]);
    for (const s of [host, ...back]) s.socket.close();
  });

  it('shows a member who reloads within the grace neither leaving nor joining, and one who does not come back leaving after it', async () => {
    const seeded = await seedRoom(cluster.redis, { guestNames: ['Reloader', 'Quitter'] });
    const [reloader, quitter] = seeded.guests as [SeededRoom['host'], SeededRoom['host']];
    const host = await joinOn(stable(), seeded, seeded.host);
    const first = await joinOn(stable(), seeded, reloader);
    const gone = await joinOn(stable(), seeded, quitter);
    await host.socket.next(everyoneOnline);
    const mark = host.socket.frames.length;
    first.socket.close();
    await first.socket.closed();
    await sleep(300);
    const again = await joinOn(stable(), seeded, reloader);
    expect(again.joined.participants.find((p) => p.id === reloader.id)?.online).toBe(true);
    const droppedAt = Date.now();
    gone.socket.close();
    const left = await host.socket.waitNew(isEvent('participant_left'), STABLE_GRACE_MS + 3000);
    expect(left).toMatchObject({ reason: 'offline', participant: { id: quitter.id } });
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(STABLE_GRACE_MS - 100);
    expect(presenceOf(host.socket, reloader.id, mark)).toEqual([]);
    for (const s of [host, again]) s.socket.close();
  });

  it('tells the room its members are back when a replica paused past the presence TTL resumes', async () => {
    const seeded = await seedRoom(cluster.redis, { guestNames: ['Paused'] });
    const paused = await startGateway(cluster.server, 'paused', { ...PRESENCE, PRESENCE_GRACE_MS: '3000' });
    const guest = seeded.guests[0]!;
    const host = await joinOn(stable(), seeded, seeded.host);
    const member = await joinOn(paused, seeded, guest);
    await host.socket.next(everyoneOnline);
    paused.child.kill('SIGSTOP');
    try {
      const left = await host.socket.waitNew(isEvent('participant_left'), 5000);
      expect(left).toMatchObject({ reason: 'offline', participant: { id: guest.id } });
      await sleep(1000);
    } finally {
      paused.child.kill('SIGCONT');
    }
    const resumedAt = Date.now();
    const joined = await host.socket.waitNew(isEvent('participant_joined'), 3000);
    expect(joined).toMatchObject({ participant: { id: guest.id } });
    const after = host.socket.frames.indexOf(joined);
    await host.socket.next((f) => everyoneOnline(f as Frame) && host.socket.frames.indexOf(f) > after);
    expect(Date.now() - resumedAt).toBeLessThan(2000);
    // Its socket never closed, and it still talks to the room.
    member.socket.send({ type: 'send_message', roomId: seeded.room.id, text: 'still here', clientMsgId: 'p1' });
    expect(await host.socket.next(isEvent('message'))).toMatchObject({ message: { text: 'still here' } });
    host.socket.close();
    member.socket.close();
    await paused.stop();
  });
});
