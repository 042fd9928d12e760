import {
  countOnline,
  getPublicRoomInfo,
  liveRoomIds,
  messagesInLastMinute,
  writeHealthStats,
  type HealthStats,
  type RedisClient,
} from '@mugharred/redis-schema';

/** Rooms read concurrently (pipelined on one connection) per step, to bound memory with many rooms. */
const ROOMS_PER_STEP = 200;

/**
 * The metrics job: computes the counts every service's /health reports and stores them.
 * rooms: live rooms in the expiry index whose room key still exists; participants: their members (the capacity
 * count); online: members with a live socket, summed over rooms; messagesPerMinute: messages stored in the
 * last complete minute.
 */
export async function refreshHealthStats(redis: RedisClient, nowMs: number): Promise<HealthStats> {
  const ids = await liveRoomIds(redis, nowMs);
  let rooms = 0;
  let participants = 0;
  let online = 0;
  for (let i = 0; i < ids.length; i += ROOMS_PER_STEP) {
    const step = await Promise.all(
      ids.slice(i, i + ROOMS_PER_STEP).map(async (id) => {
        const info = await getPublicRoomInfo(redis, id);
        return info ? { members: info.participantCount, online: await countOnline(redis, id, nowMs) } : null;
      }),
    );
    for (const room of step) {
      if (!room) continue;
      rooms += 1;
      participants += room.members;
      online += room.online;
    }
  }
  const stats: HealthStats = {
    rooms,
    participants,
    online,
    messagesPerMinute: await messagesInLastMinute(redis, nowMs),
    updatedAt: nowMs,
  };
  await writeHealthStats(redis, stats);
  return stats;
}
