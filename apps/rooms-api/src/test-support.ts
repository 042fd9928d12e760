import { Queue } from 'bullmq';
import { QUEUE_PREFIX, ROOMS_QUEUE, type CreateRoomBody } from '@mugharred/protocol';
import type { RedisClient } from '@mugharred/redis-schema';
import { createRedis } from '@mugharred/service-kit';
import { forgeToken, startTestRedis, type RedisKind, type TestRedis } from '@mugharred/testing';
import { buildApp, connect, type RoomsDeps } from './app.js';
import { newId } from './room-access.js';
import { readConfig } from './config.js';

/** Shared by the rooms-api tests: a private Redis (one server or a cluster), apps built on it, and the calls a client makes. */
export const SECRET = 'rooms-test-secret-of-at-least-32-bytes!';

type App = Awaited<ReturnType<typeof buildApp>>;
type Reply = { statusCode: number; json: () => any; headers: Record<string, unknown> };

export interface RoomsHarness {
  server: TestRedis;
  config: ReturnType<typeof readConfig>;
  deps: RoomsDeps;
  app: App;
  call(method: 'GET' | 'POST', url: string, body?: unknown, token?: string, ip?: string): Promise<Reply>;
  /** Creates a room (defaults: "Standup", 5 places, 15 minutes, host "Hana"). */
  create(body?: Partial<CreateRoomBody>, token?: string): Promise<{ roomId: string; token: string; room: any }>;
  join(roomId: string, participantName: string, token?: string): Promise<Reply>;
  /** Another app on the same Redis, e.g. with a tiny ROOM_MINUTE_MS or a low rate limit. */
  another(env: Record<string, string>): Promise<App>;
  /** The rooms queue, read back the way the worker sees it. */
  queue(): Queue;
  close(): Promise<void>;
}

export const loginToken = (name = 'Ada', sub = newId()) => ({ sub, token: forgeToken({ sub, name }, { secret: SECRET }) });

export async function startRooms(env: Record<string, string> = {}, kind: RedisKind = 'single'): Promise<RoomsHarness> {
  const server = await startTestRedis(kind);
  const configFor = (extra: Record<string, string>) =>
    readConfig({
      ...server.env,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      CREATE_ROOM_RATE_PER_MINUTE: '100000',
      JOIN_ROOM_RATE_PER_MINUTE: '100000',
      ...env,
      ...extra,
    });
  const config = configFor({});
  const deps = connect(config.redis);
  const app = await buildApp(config, deps);
  const others: App[] = [];
  let queueConn: RedisClient | undefined;
  let queue: Queue | undefined;
  const call: RoomsHarness['call'] = (method, url, body, token, ip) =>
    app.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: body as object }),
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(ip ? { remoteAddress: ip } : {}),
    });
  return {
    server,
    config,
    deps,
    app,
    call,
    async create(body = {}, token) {
      const res = await call('POST', '/api/create-room', { name: 'Standup', maxParticipants: 5, duration: 15, hostName: 'Hana', ...body }, token);
      if (res.statusCode !== 200) throw new Error(`create-room answered ${res.statusCode}: ${JSON.stringify(res.json())}`);
      return res.json();
    },
    join: (roomId, participantName, token) => call('POST', '/api/join-room', { roomId, participantName }, token),
    async another(extra) {
      const other = await buildApp(configFor(extra));
      others.push(other);
      return other;
    },
    queue() {
      queueConn ??= createRedis(config.redis, 'bullmq');
      queue ??= new Queue(ROOMS_QUEUE, { connection: queueConn, prefix: QUEUE_PREFIX });
      return queue;
    },
    async close() {
      await queue?.close();
      queueConn?.disconnect();
      for (const other of others) await other.close();
      await app.close();
      await server.stop();
    },
  };
}
