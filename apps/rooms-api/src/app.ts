import type { Redis } from 'ioredis';
import { createRoomsQueue } from '@mugharred/room-jobs';
import { createBaseApp, createRedis, registerApiPlugins, registerHealth } from '@mugharred/service-kit';
import type { RoomsConfig } from './config.js';
import { withDeadline } from './deadline.js';
import { registerCreateRoom } from './routes/create-room.js';
import { registerExtendRoom } from './routes/extend-room.js';
import { registerHostControls } from './routes/host-controls.js';
import { registerTransferHost } from './routes/transfer-host.js';
import { registerJoinRoom } from './routes/join-room.js';
import { registerRoomInfo } from './routes/room-info.js';
import { registerVoice } from './routes/voice.js';
import { createVoiceControl } from '@mugharred/voice';

export interface RoomsDeps {
  /** Commands (rooms, members, /health); fails fast when Redis is down. */
  redis: Redis;
  /** The per-IP rate limiter's own connection. */
  limiter: Redis;
  /** BullMQ's connection for the rooms queue (maxRetriesPerRequest: null). */
  queue: Redis;
}

export function connect(redisUrl: string): RoomsDeps {
  return {
    redis: createRedis(redisUrl, 'command', 'rooms-api'),
    limiter: createRedis(redisUrl, 'limiter', 'rooms-api-limiter'),
    queue: createRedis(redisUrl, 'bullmq', 'rooms-api-queue'),
  };
}

/** The rooms API, not listening. It owns `deps` and closes them with the app. */
export async function buildApp(config: RoomsConfig, deps: RoomsDeps = connect(config.redisUrl)) {
  const app = createBaseApp({ service: 'rooms-api', logLevel: config.logLevel, trustProxy: config.trustProxy, headerTimeoutMs: config.headerTimeoutMs });
  const queue = createRoomsQueue(deps.queue);
  const connections = [deps.redis, deps.limiter, deps.queue];
  for (const conn of connections) {
    conn.on('error', (err: Error) => app.log.warn({ conn: conn.options.connectionName, err: err.message }, 'redis connection error'));
  }
  // The queue repeats its connection's errors, already logged above; an 'error' without a listener would throw.
  queue.on('error', (err: Error) => app.log.debug({ err: err.message }, 'rooms queue error'));
  app.addHook('onClose', async () => {
    await withDeadline(queue.close()).catch(() => undefined);
    for (const conn of connections) conn.disconnect();
  });
  const voice = config.voice ? { control: createVoiceControl({ ...config.voice, log: app.log }), config: config.voice } : null;
  if (voice) app.addHook('onClose', async () => voice.control.close());
  await registerApiPlugins(app, { jwtSecret: config.jwtSecret, limiter: deps.limiter });
  registerHealth(app, 'rooms-api', deps.redis);
  registerCreateRoom(app, deps.redis, queue, config);
  registerJoinRoom(app, deps.redis, config.joinPerMinute);
  registerRoomInfo(app, deps.redis);
  registerHostControls(app, deps.redis, queue, voice?.control ?? null);
  registerExtendRoom(app, deps.redis, queue, config);
  registerTransferHost(app, deps.redis);
  registerVoice(app, deps.redis, voice);
  return app;
}
