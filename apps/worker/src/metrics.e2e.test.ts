import { describe, expect, it } from 'vitest';
import { countStoredMessages, joinRoom, presenceJoin } from '@mugharred/redis-schema';
import { scheduleRoomJobs } from '@mugharred/room-jobs';
import { eventually, get, newId, sample, storeRoom, workerStackPerFile } from './test-helpers.js';

const stack = workerStackPerFile({ METRICS_EVERY_MS: '200' });

/** /health once the metrics job has run after `since`. */
const healthAfter = (since: number) =>
  eventually(async () => {
    const { body } = await get(stack().worker.url, '/health');
    return body.statsUpdatedAt > since ? body : undefined;
  }, 3000, 'a metrics run');

describe('the metrics job', () => {
  it('fills the counts that /health reports', async () => {
    const { redis } = stack();
    const big = await storeRoom(redis, 60_000);
    await storeRoom(redis, 60_000);
    for (const name of ['Ann', 'Bob']) {
      const joined = await joinRoom(redis, big.id, newId(), { name, role: 'participant', joinedAt: Date.now() });
      expect(joined.ok).toBe(true);
    }
    // The host is online with two tabs: one user online.
    for (const connId of ['r1.1', 'r2.1']) {
      const socket = { roomId: big.id, userId: big.hostId, connId };
      await presenceJoin(redis, socket, { ttlMs: 30_000, maxSocketsPerUser: 5 });
    }
    // Gateways count stored messages per minute; the job reports the last complete minute. Filling this minute
    // too keeps the figure right if the minute turns while the test runs.
    await countStoredMessages(redis, 42, Date.now() - 60_000);
    await countStoredMessages(redis, 42);

    const health = await healthAfter(Date.now());

    expect(health).toMatchObject({ status: 'ok', rooms: 2, participants: 4, online: 1, messagesPerMinute: 42 });
  });

  it('shows the same numbers and the queue in /metrics', async () => {
    const { redis, queue } = stack();
    await scheduleRoomJobs(queue, await storeRoom(redis, 60_000), 5_000);
    const health = await healthAfter(Date.now());

    const res = await get(stack().worker.url, '/metrics');

    expect(res.status).toBe(200);
    const metrics = res.body as string;
    expect(sample(metrics, 'mugharred_redis_up')).toBe(1);
    expect(sample(metrics, 'mugharred_rooms')).toBe(health.rooms);
    expect(sample(metrics, 'mugharred_participants')).toBe(health.participants);
    expect(sample(metrics, 'mugharred_online')).toBe(health.online);
    expect(sample(metrics, 'mugharred_messages_per_minute')).toBe(42);
    // The new room's two jobs and the sweep's next run wait in the delayed set (the metrics job may be running).
    expect(sample(metrics, 'mugharred_queue_jobs{state="delayed"}')).toBeGreaterThanOrEqual(3);
    expect(sample(metrics, 'mugharred_worker_jobs_total{job="metrics",outcome="completed"}')).toBeGreaterThan(2);
    expect(health.queue).toMatchObject({ failed: 0 });
    expect(health.queue.delayed).toBeGreaterThanOrEqual(3);
  });

  it('stops counting a room once it has expired', async () => {
    const { redis } = stack();
    const before = await healthAfter(Date.now());
    const room = await storeRoom(redis, 2000);
    const during = await healthAfter(Date.now());
    expect(during.rooms).toBe(before.rooms + 1);
    await eventually(async () => (Date.now() > room.expiresAt ? true : undefined), 3000);

    const after = await healthAfter(Date.now());

    expect(after.rooms).toBe(before.rooms);
    expect(after.participants).toBe(before.participants);
  });
});
