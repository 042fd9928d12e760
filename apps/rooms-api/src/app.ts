import type { RedisClient } from '@mugharred/redis-schema';
import { createRoomsQueue } from '@mugharred/room-jobs';
import { createBaseApp, createRedis, ownRedis, registerApiPlugins, registerHealth, type RedisTarget } from '@mugharred/service-kit';
import type { RoomsConfig } from './config.js';
import { withDeadline } from './deadline.js';
import { registerCreateRoom } from './routes/create-room.js';
import { registerExtendRoom } from './routes/extend-room.js';
import { registerHostControls } from './routes/host-controls.js';
import { registerTransferHost } from './routes/transfer-host.js';
import { registerJoinRoom } from './routes/join-room.js';
import { registerLobby } from './routes/lobby.js';
import { registerRoomInfo } from './routes/room-info.js';
import { registerVoice } from './routes/voice.js';
import { createVoiceControl } from '@mugharred/voice';

export interface RoomsDeps {
  /** Commands (rooms, members, /health); fails fast when Redis is down. */
  redis: RedisClient;
  /** The per-IP rate limiter's own connection. */
  limiter: RedisClient;
  /** BullMQ's connection for the rooms queue (maxRetriesPerRequest: null). */
  queue: RedisClient;
}

export function connect(target: RedisTarget): RoomsDeps {
  return {
    redis: createRedis(target, 'command', 'rooms-api'),
    limiter: createRedis(target, 'limiter', 'rooms-api-limiter'),
    queue: createRedis(target, 'bullmq', 'rooms-api-queue'),
  };
}

/** The rooms API, not listening. It owns `deps` and closes them with the app. */
export async function buildApp(config: RoomsConfig, deps: RoomsDeps = connect(config.redis)) {
  const app = createBaseApp({ service: 'rooms-api', logLevel: config.logLevel, trustProxy: config.trustProxy, headerTimeoutMs: config.headerTimeoutMs });
  const queue = createRoomsQueue(deps.queue);
  ownRedis(app, [deps.redis, deps.limiter, deps.queue], () => withDeadline(queue.close()).catch(() => undefined));
  // The queue repeats its connection's errors, already logged; an 'error' without a listener would throw.
  queue.on('error', (err: Error) => app.log.debug({ err: err.message }, 'rooms queue error'));
  const voice = config.voice ? { control: createVoiceControl({ ...config.voice, log: app.log }), config: config.voice } : null;
  if (voice) app.addHook('onClose', async () => voice.control.close());
  await registerApiPlugins(app, { jwtSecret: config.jwtSecret, limiter: deps.limiter });
  registerHealth(app, 'rooms-api', deps.redis);
  registerCreateRoom(app, deps.redis, queue, config);
  registerJoinRoom(app, deps.redis, config.joinPerMinute);
  registerRoomInfo(app, deps.redis, voice !== null);
  registerHostControls(app, deps.redis, queue, voice?.control ?? null);
  registerExtendRoom(app, deps.redis, queue, config);
  registerTransferHost(app, deps.redis);
  registerLobby(app, deps.redis);
  registerVoice(app, deps.redis, voice);
  return app;
}
