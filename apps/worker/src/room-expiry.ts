import type { Logger } from 'pino';
import { announceExpiring, deleteRoom, roomsDueBy, type RedisClient } from '@mugharred/redis-schema';
import type { VoiceControl } from '@mugharred/voice';

/** Rooms the sweep reads from the expiry index per round trip. */
const SWEEP_BATCH = 100;

/** `room-expiring`: members hear `expiring`. A room already gone (ended early) is fine. */
export async function warnRoom(redis: RedisClient, roomId: string): Promise<'announced' | 'gone'> {
  return (await announceExpiring(redis, roomId)) ? 'announced' : 'gone';
}

/**
 * `room-expire`: members hear `expired`, gateways close the room's sockets, every key goes and the room leaves
 * the expiry index, and its voice room is destroyed. 'gone' (already deleted) is fine; 'not_due' (the room
 * ends later than the job thought) is left for the sweep, which reads the room's own expiresAt.
 */
export async function expireRoom(
  redis: RedisClient,
  log: Logger,
  roomId: string,
  voice: VoiceControl | null = null,
): Promise<'deleted' | 'gone' | 'not_due'> {
  const outcome = await deleteRoom(redis, roomId, 'expired');
  if (outcome === 'not_due') log.warn({ roomId }, 'room not due yet, left for the sweep');
  if (outcome === 'deleted' && voice) {
    const destroyed = await voice.destroyRoom(roomId);
    if (!destroyed.ok) log.warn({ roomId }, 'voice room of an expired room not destroyed (Janus unavailable)');
  }
  return outcome;
}

/**
 * The sweep: expires every room whose expiresAt is at or before `nowMs`, catching rooms whose job was lost.
 * Returns how many rooms it deleted. Stops when a batch makes no progress, so an index entry that is
 * not due (clock skew) cannot keep it looping.
 */
export async function sweepDueRooms(redis: RedisClient, log: Logger, nowMs: number, voice: VoiceControl | null = null): Promise<number> {
  let deleted = 0;
  for (;;) {
    const ids = await roomsDueBy(redis, nowMs, SWEEP_BATCH);
    const outcomes = await Promise.all(ids.map((id) => expireRoom(redis, log, id, voice)));
    const gone = outcomes.filter((o) => o !== 'not_due').length;
    deleted += outcomes.filter((o) => o === 'deleted').length;
    if (ids.length < SWEEP_BATCH || gone === 0) return deleted;
  }
}
