import type { Redis } from 'ioredis';
import type { TypingEvent } from '@mugharred/protocol';
import { envelope } from './envelope.js';
import { channels } from './keys.js';

/** Tells every replica of the room who is typing. Pub/sub only: never stored, never numbered. */
export async function publishTyping(redis: Redis, roomId: string, users: TypingEvent['users']): Promise<void> {
  const frame: TypingEvent = { type: 'room_event', roomId, event: 'typing', users };
  await redis.publish(channels.room(roomId), envelope.forward(JSON.stringify(frame)));
}
