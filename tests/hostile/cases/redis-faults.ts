import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort, isType, Redis } from '../../../packages/testing/src/index.js';
import { keys } from '../../../packages/redis-schema/src/index.js';
import { startService } from '../../../scripts/lib/services.mjs';
import { expectStillServing, makeRoom, post } from '../support/room.js';
import { expectRefusedToStart, type HostileStack } from '../support/stack.js';

/**
 * What these cases need of the stack: a room "minute" of 400 ms (a 15-minute room lasts 6 s) and a budget that
 * lets one sender fill Redis quickly.
 */
export const FAULTS_STACK_ENV = { ROOM_MINUTE_MS: '400', RATE_PER_SECOND: '1000', RATE_BURST: '1000' };
/** An HTTP API and the worker, whose BullMQ keys eviction would drop first (all start through service-kit's runService). */
const SERVICES = ['auth-api', 'worker'] as const;

/** Redis evicting, full, stalled; a room's end while the worker is down (leaves the worker stopped: run last). */
export function redisFaultCases(stack: HostileStack): void {
  describe('a Redis that may evict keys', () => {
    it('keeps the services from starting unless maxmemory-policy is noeviction, and says what to run', async () => {
      const room = await makeRoom(stack);
      const admin = new Redis(stack.redis.url);
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      try {
        const env = { REDIS_URL: stack.redis.url, JWT_SECRET: stack.backend.jwtSecret };
        await expectRefusedToStart(SERVICES, env, /maxmemory-policy is "allkeys-lru".*noeviction/);
      } finally {
        await admin.config('SET', 'maxmemory-policy', 'noeviction');
        admin.disconnect();
      }
      await expectStillServing(stack, room);
      room.close();
    });

    it('starts with a warning where CONFIG is disabled (managed Redis), since the policy cannot be read there', async () => {
      const port = await freePort();
      const managed = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--rename-command', 'CONFIG', ''], { stdio: 'ignore' });
      try {
        const url = `redis://127.0.0.1:${port}`;
        const probe = new Redis(url);
        probe.on('error', () => undefined);
        await probe.ping();
        probe.disconnect();
        const auth = await startService('auth-api', await freePort(), { REDIS_URL: url, JWT_SECRET: stack.backend.jwtSecret });
        expect(auth.output()).toContain('could not read Redis maxmemory-policy');
        await auth.stop();
      } finally {
        managed.kill('SIGTERM');
      }
    });
  });

  describe('a full Redis', () => {
    it('never acknowledges a message it could not store for lack of memory, and serves again once there is room', async () => {
      const room = await makeRoom(stack);
      const admin = new Redis(stack.redis.url);
      const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
      await admin.config('SET', 'maxmemory', String(used + 128 * 1024));
      try {
        const text = 'f'.repeat(2000);
        let refused: Record<string, unknown> | undefined;
        for (let i = 0; i < 400 && !refused; i++) {
          room.host.send({ type: 'send_message', roomId: room.roomId, text, clientMsgId: `full-${i}` });
          const answer = await room.host.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientMsgId === `full-${i}`);
          if (answer.type === 'error') refused = answer;
        }
        expect(refused).toMatchObject({ code: 'storage_unavailable' });
        const acked = room.host.frames.filter((f) => f.type === 'ack').length;
        // Exactly the acknowledged messages are stored: none lost, none stored behind a refusal.
        expect(await admin.xlen(keys.history(room.roomId))).toBe(acked);
      } finally {
        await admin.config('SET', 'maxmemory', '0');
        admin.disconnect();
      }
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('a stalled Redis', () => {
    it('answers create and join with 503 within one 2 s deadline (rate limiter included), then serves again', async () => {
      const room = await makeRoom(stack);
      stack.redis.pause();
      try {
        const timed = async (path: string, body: unknown) => {
          const t0 = Date.now();
          const res = await post(stack, path, body);
          return { ...res, ms: Date.now() - t0 };
        };
        const [create, join] = await Promise.all([
          timed('/api/create-room', { name: 'Stalled', maxParticipants: 2, duration: 15, hostName: 'Sam' }),
          timed('/api/join-room', { roomId: room.roomId, participantName: 'Stuck' }),
        ]);
        for (const res of [create, join]) {
          expect(res.status).toBe(503);
          expect(res.json.error?.code).toBe('storage_unavailable');
          expect(res.ms).toBeGreaterThanOrEqual(1900);
          expect(res.ms).toBeLessThan(3000);
        }
      } finally {
        stack.redis.resume();
      }
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('a room past its end while the worker is down', () => {
    it('stores nothing sent after expiresAt, though nobody has deleted the room yet', async () => {
      const witnessRoom = await makeRoom(stack);
      await stack.byName('worker').kill();
      const doomed = await makeRoom(stack, { duration: 15 });
      const room = (await doomed.host.next((f) => f.type === 'room_event' && f.event === 'joined')).room as { expiresAt: number };
      await new Promise((r) => setTimeout(r, room.expiresAt - Date.now() + 500));
      doomed.host.send({ type: 'send_message', roomId: doomed.roomId, text: 'too late', clientMsgId: 'late' });
      const err = await doomed.host.next(isType('error'), 5000);
      expect(err).toMatchObject({ code: 'room_not_found', clientMsgId: 'late' });
      expect(doomed.host.frames.some((f) => f.type === 'ack' && f.clientMsgId === 'late')).toBe(false);
      expect(doomed.witness.frames.some((f) => f.type === 'room_event' && f.event === 'message')).toBe(false);
      doomed.close();
      await expectStillServing(stack, witnessRoom, { stopped: ['worker'] });
      witnessRoom.close();
    });
  });
}
