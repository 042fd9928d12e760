import type { Redis } from 'ioredis';
import { channels, parseEnvelope, type Envelope } from '@mugharred/redis-schema';

/**
 * Room subscriptions of one replica over a dedicated Redis connection. Payloads arrive as Buffers and are
 * passed on without decoding. ioredis resubscribes after a reconnect; `onResubscribed` then lets the relays
 * fill whatever was published while the connection was down.
 */
export class RoomBroker {
  private connectedOnce = false;

  constructor(
    private readonly sub: Redis,
    onEnvelope: (roomId: string, env: Envelope) => void,
    onResubscribed: () => void,
  ) {
    sub.on('messageBuffer', (channel: Buffer, payload: Buffer) => {
      const env = parseEnvelope(payload);
      if (env) onEnvelope(channels.roomIdOf(channel.toString()), env);
    });
    sub.on('ready', () => {
      if (this.connectedOnce) onResubscribed();
      this.connectedOnce = true;
    });
  }

  async subscribe(roomId: string): Promise<void> {
    await this.sub.subscribe(channels.room(roomId));
  }

  async unsubscribe(roomId: string): Promise<void> {
    await this.sub.unsubscribe(channels.room(roomId));
  }
}
