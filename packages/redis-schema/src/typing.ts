import type { RedisClient } from './client.js';
import type { TypingEvent } from '@mugharred/protocol';
import { envelope } from './envelope.js';
import { channels } from './keys.js';

/** Tells every replica of the room who is typing. Pub/sub only: never stored, never numbered. */
export async function publishTyping(redis: RedisClient, roomId: string, users: TypingEvent['users']): Promise<void> {
  const frame: TypingEvent = { type: 'room_event', roomId, event: 'typing', users };
  await redis.spublish(channels.room(roomId), envelope.forward(JSON.stringify(frame)));
}
