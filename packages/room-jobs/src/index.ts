import { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { JOBS, QUEUE_PREFIX, ROOMS_QUEUE, jobIds, type Room, type RoomJobData } from '@mugharred/protocol';

/** The queue rooms-api feeds; `connection` must be a BullMQ connection (maxRetriesPerRequest: null). */
export function createRoomsQueue(connection: Redis | Cluster): Queue<RoomJobData> {
  return new Queue<RoomJobData>(ROOMS_QUEUE, {
    connection,
    prefix: QUEUE_PREFIX,
    defaultJobOptions: { removeOnComplete: 1000, removeOnFail: 1000, attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
  });
}

/**
 * Schedules a room's `expiring` warning (warningMs before the end) and its expiry, idempotently by job id.
 * A room shorter than the warning gets the warning at once.
 */
export async function scheduleRoomJobs(queue: Queue<RoomJobData>, room: Room, warningMs: number): Promise<void> {
  const now = Date.now();
  await queue.addBulk([
    {
      name: JOBS.roomExpiring,
      data: { roomId: room.id },
      opts: { jobId: jobIds.roomExpiring(room.id), delay: Math.max(0, room.expiresAt - warningMs - now) },
    },
    {
      name: JOBS.roomExpire,
      data: { roomId: room.id },
      opts: { jobId: jobIds.roomExpire(room.id), delay: Math.max(0, room.expiresAt - now) },
    },
  ]);
}

/** Drops a room's pending jobs (the room ended early); missing jobs are fine. */
export async function cancelRoomJobs(queue: Queue<RoomJobData>, roomId: string): Promise<void> {
  await Promise.all(
    [jobIds.roomExpiring(roomId), jobIds.roomExpire(roomId)].map(async (id) => {
      const job = await queue.getJob(id);
      await job?.remove().catch(() => undefined);
    }),
  );
}
