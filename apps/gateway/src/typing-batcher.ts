import { publishTyping, type RedisClient } from '@mugharred/redis-schema';

interface Typist {
  id: string;
  name: string;
}

/**
 * Collects the typing signals of each room on this replica and publishes them together once per window: a room
 * costs at most 1000 / windowMs publishes a second from this replica however many type, and nothing is stored.
 * Best effort by design: a failed publish is dropped (the next keystroke says it again).
 */
export class TypingBatcher {
  private readonly rooms = new Map<string, Map<string, Typist>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly windowMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  note(roomId: string, typist: Typist): void {
    let typists = this.rooms.get(roomId);
    if (!typists) {
      typists = new Map();
      this.rooms.set(roomId, typists);
      setTimeout(() => this.flush(roomId), this.windowMs).unref();
    }
    typists.set(typist.id, typist);
  }

  private flush(roomId: string): void {
    const typists = this.rooms.get(roomId);
    this.rooms.delete(roomId);
    if (typists?.size) publishTyping(this.redis, roomId, [...typists.values()]).catch(this.onError);
  }
}
