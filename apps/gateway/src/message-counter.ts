import { countStoredMessages, type RedisClient } from '@mugharred/redis-schema';

/** Counts stored messages locally and adds them to the shared per-minute counter in batches, off the hot path. */
export class MessageCounter {
  private pending = 0;

  constructor(private readonly redis: RedisClient) {}

  add(n: number): void {
    this.pending += n;
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const n = this.pending;
    this.pending = 0;
    await countStoredMessages(this.redis, n).catch(() => {
      this.pending += n;
    });
  }
}
