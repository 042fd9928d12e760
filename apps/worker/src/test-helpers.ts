import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { Queue } from 'bullmq';
import type { Room, RoomJobData } from '@mugharred/protocol';
import { channels, createRoom, keys, parseEnvelope, type RedisClient } from '@mugharred/redis-schema';
import { createRoomsQueue } from '@mugharred/room-jobs';
import { Cluster } from 'ioredis';
import { freePort, startService, startTestRedis, type RedisKind, type ServiceProcess, type TestRedis } from '@mugharred/testing';

/** A room or user id of the production shape (128 random bits, base64url). */
export const newId = () => randomBytes(16).toString('base64url');

export interface WorkerStack {
  /** The private Redis (one server or a cluster) under it all. */
  server: TestRedis;
  /** The built worker (apps/worker/dist/main.js) running as a real process. */
  worker: ServiceProcess;
  /** The test's own command connection, playing rooms-api and the gateways. */
  redis: RedisClient;
  /** The rooms queue as rooms-api holds it. */
  queue: Queue<RoomJobData>;
  stop(): Promise<void>;
}

/** A private Redis, the worker process on it, and the clients a test uses. Run `pnpm build` first. */
export async function startWorkerStack(env: Record<string, string> = {}, kind: RedisKind = 'single'): Promise<WorkerStack> {
  const server = await startTestRedis(kind);
  const worker = await startService('worker', await freePort(), { ...server.env, ...env }).catch(async (err: unknown) => {
    await server.stop();
    throw err;
  });
  const redis = server.client();
  const queueConn = server.client();
  // The outage test stops Redis under these clients; they reconnect on their own.
  for (const c of [redis, queueConn]) c.on('error', () => {});
  const queue = createRoomsQueue(queueConn);
  queue.on('error', () => {});
  return {
    server,
    worker,
    redis,
    queue,
    async stop() {
      await worker.stop();
      await queue.close();
      queueConn.disconnect();
      redis.disconnect();
      await server.stop();
    },
  };
}

/** One WorkerStack for a test file: started before its tests, stopped after them. Returns a getter. */
export function workerStackPerFile(env: Record<string, string> = {}): () => WorkerStack {
  let stack: WorkerStack | undefined;
  beforeAll(async () => {
    stack = await startWorkerStack(env);
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return () => stack!;
}

/** Stores a room with its host as rooms-api does, ending `endsInMs` from now. */
export async function storeRoom(redis: RedisClient, endsInMs: number): Promise<Room> {
  const now = Date.now();
  const room: Room = {
    id: newId(),
    name: 'Worker test room',
    hostId: newId(),
    epoch: newId(),
    createdAt: now,
    expiresAt: now + endsInMs,
    maxParticipants: 10,
    isLocked: false,
  };
  await createRoom(redis, room, { name: 'Host', role: 'host', joinedAt: now });
  return room;
}

/**
 * What is left of a room in Redis: its keys (`redis-cli keys "room:{<id>}*"`) and its expiry index entry, beside
 * its fate (one word, 'expired' or 'ended', kept on purpose so an old invite link can say which).
 */
async function roomTraces(redis: RedisClient, roomId: string): Promise<{ keys: string[]; indexed: boolean }> {
  const pattern = `room:{${roomId}}*`;
  // KEYS has no key to route by: on a cluster, ask every master.
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const [found, score] = await Promise.all([
    Promise.all(nodes.map((n) => n.keys(pattern))).then((lists) => lists.flat()),
    redis.zscore(keys.roomIndex(), roomId),
  ]);
  return { keys: found.filter((k) => k !== keys.fate(roomId)), indexed: score !== null };
}
export const NO_TRACE = { keys: [], indexed: false };

/**
 * The room's traces once they are all gone. The expiry index sits in another hash slot than the room, so it is
 * cleared by a command after the script that announces the end: a reader woken by that announcement may be early.
 */
export const tracesOnceGone = (redis: RedisClient, roomId: string, timeoutMs = 2000) =>
  eventually(async () => {
    const traces = await roomTraces(redis, roomId);
    return traces.keys.length === 0 && !traces.indexed ? traces : undefined;
  }, timeoutMs, `room ${roomId} without a trace`).catch(() => roomTraces(redis, roomId));

/** A room job once it has run (completed or failed). */
export const finishedJob = (queue: Queue<RoomJobData>, jobId: string, timeoutMs = 4000) =>
  eventually(async () => {
    const job = await queue.getJob(jobId);
    return job?.finishedOn ? job : undefined;
  }, timeoutMs, `job ${jobId} finished`);

/** The room events published on a room's channel, in order, as a gateway replica receives them. */
export class RoomChannel {
  readonly events: string[] = [];
  private waiters: { event: string; resolve: () => void }[] = [];

  private constructor(private readonly sub: RedisClient) {
    sub.on('smessageBuffer', (_channel: Buffer, payload: Buffer) => {
      const env = parseEnvelope(payload);
      if (!env || env.kind === 'reset' || env.kind === 'served') return;
      const frame = JSON.parse(env.frame.toString()) as { type: string; event?: string };
      if (frame.type !== 'room_event' || !frame.event) return;
      this.events.push(frame.event);
      const event = frame.event;
      this.waiters = this.waiters.filter((w) => (w.event === event ? (w.resolve(), false) : true));
    });
  }

  static async listen(server: TestRedis, roomId: string): Promise<RoomChannel> {
    const sub = server.subscriber();
    sub.on('error', () => {});
    await sub.ssubscribe(channels.room(roomId));
    return new RoomChannel(sub);
  }

  /** Resolves once `event` has been published (now or earlier). */
  waitFor(event: string, timeoutMs = 5000): Promise<void> {
    if (this.events.includes(event)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const fail = () => reject(new Error(`no ${event} within ${timeoutMs} ms (saw ${this.events.join(',')})`));
      const timer = setTimeout(fail, timeoutMs);
      this.waiters.push({ event, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  close(): void {
    this.sub.disconnect();
  }
}

/** Polls `probe` until it returns a value other than undefined. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET a worker route: status and parsed body (JSON, or text for /metrics). */
export async function get(baseUrl: string, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(baseUrl + path);
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** The value of one sample in Prometheus text, e.g. `mugharred_rooms` or `mugharred_queue_jobs{state="failed"}`. */
export function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
