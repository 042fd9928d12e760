import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_KINDS } from '@mugharred/testing';
import { deleteRoom, getRoom, getRoomFate } from '@mugharred/redis-schema';
import { jobIds } from '@mugharred/protocol';
import { scheduleRoomJobs } from '@mugharred/room-jobs';
import {
  finishedJob,
  get,
  NO_TRACE,
  RoomChannel,
  tracesOnceGone,
  sample,
  sleep,
  startWorkerStack,
  storeRoom,
  type WorkerStack,
} from './test-helpers.js';

// The sweep stays at its 30 s default here, so every expiry in this file is the room's own job firing.
let current: WorkerStack;
const stack = () => current;

const roomJobsContract = () =>
  describe('room jobs scheduled by rooms-api', () => {
  it('warns the members, then expires the room at its end and leaves no key behind', async () => {
    const { redis, queue, server } = stack();
    const room = await storeRoom(redis, 1500);
    const channel = await RoomChannel.listen(server, room.id);
    await scheduleRoomJobs(queue, room, 1000);

    await channel.waitFor('expiring', 3000);
    expect(await getRoom(redis, room.id)).not.toBeNull();
    await channel.waitFor('expired', 4000);
    const lateBy = Date.now() - room.expiresAt;

    expect(channel.events).toEqual(['expiring', 'expired']);
    expect(lateBy).toBeLessThan(1000);
    expect(await tracesOnceGone(redis, room.id)).toEqual(NO_TRACE);
    expect(await getRoomFate(redis, room.id)).toBe('expired');
    channel.close();
  });

  it('expires a room that was scheduled twice exactly once', async () => {
    const { redis, queue, server } = stack();
    const room = await storeRoom(redis, 1000);
    const channel = await RoomChannel.listen(server, room.id);
    await scheduleRoomJobs(queue, room, 500);
    await scheduleRoomJobs(queue, room, 500);

    await channel.waitFor('expired', 4000);
    await sleep(800);
    // A third schedule after the expiry finds the finished jobs and adds nothing.
    await scheduleRoomJobs(queue, room, 500);
    await sleep(500);

    expect(channel.events).toEqual(['expiring', 'expired']);
    expect(await queue.getJobState(jobIds.roomExpire(room.id))).toBe('completed');
    expect((await queue.getJob(jobIds.roomExpire(room.id)))?.returnvalue).toBe('deleted');
    expect(await tracesOnceGone(redis, room.id)).toEqual(NO_TRACE);
    channel.close();
  });

  it('lets the jobs of a room the host ended early finish quietly', async () => {
    const { redis, queue, server } = stack();
    const room = await storeRoom(redis, 1000);
    const channel = await RoomChannel.listen(server, room.id);
    await scheduleRoomJobs(queue, room, 500);
    expect(await deleteRoom(redis, room.id, 'ended')).toBe('deleted');

    const expire = await finishedJob(queue, jobIds.roomExpire(room.id));

    expect(expire.returnvalue).toBe('gone');
    expect((await queue.getJob(jobIds.roomExpiring(room.id)))?.returnvalue).toBe('gone');
    expect(channel.events).toEqual(['ended']);
    channel.close();
  });

  it('counts what it did in /metrics and keeps /health ok', async () => {
    const metrics = (await get(stack().worker.url, '/metrics')).body as string;
    expect(sample(metrics, 'mugharred_rooms_expired_total{by="job"}')).toBe(2);
    expect(sample(metrics, 'mugharred_worker_jobs_total{job="room-expire",outcome="deleted"}')).toBe(2);
    expect(sample(metrics, 'mugharred_worker_jobs_total{job="room-expire",outcome="gone"}')).toBe(1);
    expect(sample(metrics, 'mugharred_queue_jobs{state="failed"}')).toBe(0);
    const health = await get(stack().worker.url, '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', service: 'worker', workerRunning: true, queue: { failed: 0 } });
  });

  it('exits cleanly on SIGTERM', async () => {
    const started = Date.now();
    expect(await stack().worker.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

// One contract, run against a single Redis and against a 3-master Redis Cluster.
describe.each(REDIS_KINDS)('on a %s Redis', (kind) => {
  beforeAll(async () => {
    current = await startWorkerStack({}, kind);
  });
  afterAll(() => current.stop());
  roomJobsContract();
});
