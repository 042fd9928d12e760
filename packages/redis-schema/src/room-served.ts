import type { RedisClient } from './client.js';
import { envelope } from './envelope.js';
import { channels } from './keys.js';

/**
 * Tells the room's other replicas that the edge routes the room to `replicaId` now (a fresh upgrade came to it
 * through the edge), so those still holding sockets of the room from before a restart move them there.
 */
export async function announceRoomServed(redis: RedisClient, roomId: string, replicaId: string): Promise<void> {
  await redis.spublish(channels.room(roomId), envelope.served(replicaId));
}
