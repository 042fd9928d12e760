import { describe, expect, it } from 'vitest';
import { getRoom } from '@mugharred/redis-schema';
import { jobIds } from '@mugharred/protocol';
import { scheduleRoomJobs } from '@mugharred/room-jobs';
import {
  finishedJob,
  get,
  NO_TRACE,
  RoomChannel,
  tracesOnceGone,
  sample,
  workerStackPerFile,
  storeRoom,
} from './test-helpers.js';

const stack = workerStackPerFile({ SWEEP_EVERY_MS: '200' });

describe('the sweep', () => {
  it('expires a room whose jobs were never scheduled', async () => {
    const { redis, server } = stack();
    const room = await storeRoom(redis, 600);
    const channel = await RoomChannel.listen(server, room.id);

    await channel.waitFor('expired', 3000);
    const lateBy = Date.now() - room.expiresAt;

    expect(channel.events).toEqual(['expired']);
    expect(lateBy).toBeLessThan(1000);
    expect(await tracesOnceGone(redis, room.id)).toEqual(NO_TRACE);
    channel.close();
  });

  it('leaves a room whose job fired too early alone until the room really ends', async () => {
    const { redis, queue, server } = stack();
    const room = await storeRoom(redis, 2500);
    const channel = await RoomChannel.listen(server, room.id);
    // A job computed from a stale end time fires 2 s before the room ends.
    await scheduleRoomJobs(queue, { ...room, expiresAt: room.expiresAt - 2000 }, 0);

    const early = await finishedJob(queue, jobIds.roomExpire(room.id), 3000);
    expect(early.returnvalue).toBe('not_due');
    expect(await getRoom(redis, room.id)).not.toBeNull();
    expect(channel.events).toEqual(['expiring']);

    await channel.waitFor('expired', 3000);
    expect(Date.now()).toBeGreaterThanOrEqual(room.expiresAt - 1000);
    expect(await tracesOnceGone(redis, room.id)).toEqual(NO_TRACE);
    expect(stack().worker.output()).toContain('room not due yet, left for the sweep');
    channel.close();
  });

  it('counts the rooms it expired in /metrics', async () => {
    const metrics = (await get(stack().worker.url, '/metrics')).body as string;
    expect(sample(metrics, 'mugharred_rooms_expired_total{by="sweep"}')).toBe(2);
    expect(sample(metrics, 'mugharred_rooms_expired_total{by="job"}')).toBe(0);
    expect(sample(metrics, 'mugharred_worker_jobs_total{job="rooms-sweep",outcome="completed"}')).toBeGreaterThan(5);
  });
});
