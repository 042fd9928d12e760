import { Cluster } from 'ioredis';
import { channels, parseEnvelope, type Envelope, type RedisClient } from '@mugharred/redis-schema';

/**
 * Room subscriptions of one replica over a dedicated connection, sharded (SSUBSCRIBE): on a Redis Cluster each
 * room's channel is subscribed on the master owning the room's slot, so a message travels only inside that
 * shard. Payloads arrive as Buffers and are passed on without decoding.
 *
 * ioredis resubscribes after a reconnect (one server) or once a promoted replica owns the slots (cluster);
 * `onResubscribed` then lets the relays fill from history whatever was published while they were away. On a
 * cluster it also runs at start-up and after any change of masters, when it costs one GET per served room.
 */
export class RoomBroker {
  private connectedOnce = false;

  constructor(
    private readonly sub: RedisClient,
    onEnvelope: (roomId: string, env: Envelope) => void,
    onResubscribed: () => void,
  ) {
    sub.on('smessageBuffer', (channel: Buffer, payload: Buffer) => {
      const env = parseEnvelope(payload);
      if (env) onEnvelope(channels.roomIdOf(channel.toString()), env);
    });
    if (sub instanceof Cluster) {
      sub.on('subscribersReady', onResubscribed);
      return;
    }
    sub.on('ready', () => {
      if (this.connectedOnce) onResubscribed();
      this.connectedOnce = true;
    });
  }

  async subscribe(roomId: string): Promise<void> {
    await this.sub.ssubscribe(channels.room(roomId));
  }

  async unsubscribe(roomId: string): Promise<void> {
    await this.sub.sunsubscribe(channels.room(roomId));
  }
}
