import { describe, expect, it } from 'vitest';
import { jobIds } from '@mugharred/protocol';
import { scheduleRoomJobs } from '@mugharred/room-jobs';
import {
  eventually,
  finishedJob,
  get,
  NO_TRACE,
  RoomChannel,
  tracesOnceGone,
  sleep,
  workerStackPerFile,
  storeRoom,
} from './test-helpers.js';

const stack = workerStackPerFile({ METRICS_EVERY_MS: '200', SWEEP_EVERY_MS: '200' });

const alive = () => stack().worker.child.exitCode === null && stack().worker.child.signalCode === null;

describe('a Redis outage', () => {
  it('reports degraded while Redis is down, and keeps running', async () => {
    await stack().server.single!.stop();

    const health = await eventually(async () => {
      const res = await get(stack().worker.url, '/health');
      return res.status === 503 ? res.body : undefined;
    }, 5000, '/health degraded');
    const metrics = await get(stack().worker.url, '/metrics');
    await sleep(2000);

    expect(health).toMatchObject({ status: 'degraded', service: 'worker', queue: null });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('mugharred_redis_up 0');
    expect(alive()).toBe(true);
  });

  it('processes jobs again once Redis is back, schedulers included', async () => {
    // A restart loses every key (no persistence here), the job schedulers too: the worker reinstalls them.
    await stack().server.single!.restart();
    const back = Date.now();
    const healthOk = async () => ((await get(stack().worker.url, '/health')).status === 200 ? true : undefined);
    await eventually(healthOk, 10_000, '/health ok');

    const { redis, queue, server } = stack();
    const scheduled = await storeRoom(redis, 1200);
    const unscheduled = await storeRoom(redis, 600);
    const channels = await Promise.all([scheduled, unscheduled].map((r) => RoomChannel.listen(server, r.id)));
    await scheduleRoomJobs(queue, scheduled, 600);

    await channels[0]!.waitFor('expired', 5000);
    await channels[1]!.waitFor('expired', 5000);
    const health = await eventually(async () => {
      const { body } = await get(stack().worker.url, '/health');
      return body.statsUpdatedAt > back ? body : undefined;
    }, 5000, 'a metrics run after the restart');

    // `expiring` only comes from the room's own job; the fast sweep may beat its expire job to the deletion.
    expect(channels[0]!.events).toEqual(['expiring', 'expired']);
    expect((await finishedJob(queue, jobIds.roomExpire(scheduled.id), 3000)).failedReason).toBeUndefined();
    expect(await tracesOnceGone(redis, scheduled.id)).toEqual(NO_TRACE);
    expect(await tracesOnceGone(redis, unscheduled.id)).toEqual(NO_TRACE);
    expect(health).toMatchObject({ status: 'ok', workerRunning: true });
    expect(alive()).toBe(true);
    for (const c of channels) c.close();
  });

  it('still shuts down promptly on SIGTERM while Redis is down', async () => {
    await stack().server.single!.stop();
    await sleep(500);
    const started = Date.now();

    const code = await stack().worker.stop();

    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(stack().worker.output()).toContain('redis connection lost');
    await stack().server.single!.restart();
  });
});
