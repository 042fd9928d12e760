import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, QUEUE_PREFIX, ROOMS_QUEUE } from '../../../packages/protocol/src/index.js';
import { keys } from '../../../packages/redis-schema/src/index.js';
import { createRoomsQueue } from '../../../packages/room-jobs/src/index.js';
import { isEvent, openJanusVoice, Redis } from '../../../packages/testing/src/index.js';
import { expectStillServing, makeRoom, post, type HostileRoom } from '../support/room.js';
import type { HostileStack } from '../support/stack.js';
import { janusInstalled } from '../../../infra/janus/start-janus.mjs';

/** A sweep every half second: the worker's own net for rooms whose job a dead worker held. */
export const PROCESS_FAULTS_STACK_ENV = { SWEEP_EVERY_MS: '500' };
/** The worker's sweep schedule (apps/worker/src/rooms-worker.ts). */
const SWEEP_SCHEDULER = 'rooms-sweep';
/** Rooms that come due together while the worker is frozen, so it is busy with their jobs when it is killed. */
const DOOMED_ROOMS = 12;

/** A people list that shows `n` of them in voice. */
const inVoice = (n: number) => (f: Record<string, unknown>) =>
  f.type === 'participants_update' && (f.participants as { voice?: unknown }[]).filter((p) => p.voice).length === n;

const activeJobs = (redis: Redis) => redis.llen(`${QUEUE_PREFIX}:${ROOMS_QUEUE}:active`);

/** What is left of a room but its fate: its keys and its expiry index entry. */
async function traces(redis: Redis, roomId: string): Promise<string[]> {
  const left = (await redis.keys(`room:{${roomId}}*`)).filter((k) => k !== keys.fate(roomId));
  if ((await redis.zscore(keys.roomIndex(), roomId)) !== null) left.push(keys.roomIndex());
  return left;
}

/** Sends `count` messages as the room's host and waits for each acknowledgement. */
async function acked(room: HostileRoom, count: number, tag: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    room.host.send({ type: 'send_message', roomId: room.roomId, text: `${tag} ${i}`, clientMsgId: `${tag}-${i}` });
    await room.host.next((f) => f.type === 'ack' && f.clientMsgId === `${tag}-${i}`);
  }
}

/** The worker killed while it runs room-expiry jobs; Janus killed while a room has voice (needs `janus`). */
export function processFaultCases(stack: HostileStack): void {
  describe('the worker killed mid-job', () => {
    it('is started again and finishes the rooms it held: members told `expired`, no trace, nothing else lost', async () => {
      const admin = new Redis(stack.redis.url);
      const queueConn = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
      const queue = createRoomsQueue(queueConn);
      const lasting = await makeRoom(stack);
      await acked(lasting, 5, 'before');
      const worker = stack.byName('worker');
      const pid = worker.pid;
      if (pid === undefined) throw new Error('the worker has no process id');
      const doomed: HostileRoom[] = [];
      for (let i = 0; i < DOOMED_ROOMS; i++) doomed.push(await makeRoom(stack, { duration: 15 }));
      const endsAt = Math.max(
        ...(await Promise.all(doomed.map(async (r) => ((await r.host.next(isEvent('joined'))).room as { expiresAt: number }).expiresAt))),
      );
      // Frozen while every doomed room comes due, so that once it runs again their expiry jobs are all due at once.
      // The sweep is taken out of the way (a worker installs it again when it starts): it would expire every room
      // in one go, and the kill is to land in the middle of the rooms' own jobs.
      process.kill(pid, 'SIGSTOP');
      let held = { active: 0, roomsLeft: 0 };
      try {
        await queue.removeJobScheduler(SWEEP_SCHEDULER);
        await new Promise((r) => setTimeout(r, endsAt - Date.now() + 300));
        process.kill(pid, 'SIGCONT');
        // Killed as soon as BullMQ shows a job taken: waiting for a member to hear `expired` was seen to let a
        // fast worker finish every job first.
        const deadline = Date.now() + 15_000;
        while ((await activeJobs(admin)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
        process.kill(pid, 'SIGKILL');
        await worker.kill();
        const left = await Promise.all(doomed.map((r) => admin.exists(keys.room(r.roomId))));
        held = { active: await activeJobs(admin), roomsLeft: left.filter((n) => n === 1).length };
      } finally {
        if (worker.child.exitCode === null && worker.child.signalCode === null) process.kill(pid, 'SIGCONT');
      }
      // Started again before anything is asserted, so the cases after this one find a worker whatever happens.
      await stack.respawn('worker');
      // It died in the middle: jobs it held are still active in BullMQ (locked by a worker that is gone), and
      // rooms are still there.
      expect(held.active).toBeGreaterThan(0);
      expect(held.roomsLeft).toBeGreaterThan(0);
      for (const room of doomed) {
        for (const socket of [room.host, room.witness]) {
          await socket.next(isEvent('expired'), 10_000);
          expect(await socket.closed()).toBe(CLOSE_CODES.roomExpired.code);
        }
        await expect.poll(() => traces(admin, room.roomId)).toEqual([]);
        expect(await admin.get(keys.fate(room.roomId))).toBe('expired');
      }
      // The room that was not due keeps every message it acknowledged, and goes on.
      expect(await admin.xlen(keys.history(lasting.roomId))).toBe(5);
      await acked(lasting, 1, 'after');
      await queue.close();
      queueConn.disconnect();
      admin.disconnect();
      await expectStillServing(stack, lasting);
      lasting.close();
    });
  });

  describe.skipIf(!janusInstalled())('Janus killed and started again while a room has voice', () => {
    it('keeps chat flowing, says voice is unavailable while it is down, and lets the room back into voice', async () => {
      const janus = stack.janus!;
      const room = await makeRoom(stack);
      const grant = () => post(stack, `/api/rooms/${room.roomId}/voice`, undefined, { token: room.hostToken });
      const pass = (await grant()).json as { token: string; room: string; participantId: string };
      const voice = await openJanusVoice(janus.current!.wsUrl, pass.token, pass.room, pass.participantId);
      expect(voice.joined).toBe('joined');
      room.host.send({ type: 'voice_state', roomId: room.roomId, inVoice: true, muted: false });
      await room.witness.next(inVoice(1));

      process.kill(janus.current!.pid, 'SIGKILL');
      await janus.current!.stop();
      janus.current = null;
      // The voice connection drops (the web app then says "The voice connection was lost" and leaves voice).
      await voice.lost;
      room.host.send({ type: 'voice_state', roomId: room.roomId, inVoice: false, muted: false });
      await room.witness.waitNew(inVoice(0));
      const down = await grant();
      expect(down.status).toBe(503);
      expect(down.json.error?.code).toBe('voice_unavailable');
      await expectStillServing(stack, room);

      await janus.restart();
      // The restarted Janus has forgotten every room and token: a new grant makes the room's voice again.
      await expect.poll(async () => (await grant()).status, { timeout: 15_000, interval: 250 }).toBe(200);
      const again = (await grant()).json as typeof pass;
      const back = await openJanusVoice(janus.current!.wsUrl, again.token, again.room, again.participantId);
      expect(back.joined).toBe('joined');
      back.close();
      await expectStillServing(stack, room);
      room.close();
    });
  });
}
