import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { parseOptions } from '../options.js';
import { planRooms, roomTokenSigner, type PlannedMember, type PlannedRoom } from '../plan.js';
import { cpuMs, rssBytes } from '../proc-stats.js';
import { loadRedisLib, type PrivateRedis } from '../stack-lib.js';
import { startMugharred } from '../systems/mugharred.js';
import type { RunningSystem } from '../systems/system.js';

/** What a client needs to open its socket: where, with which room token, into which room. */
export interface Seat {
  port: number;
  server: number;
  token: string;
  roomId: string;
}

/**
 * Two gateway replicas on a private Redis with `clients` members seated in rooms of `roomSize`, each room spread
 * over both replicas (these runs load both alike, and reconnect-storm moves half of every room).
 */
export interface GatewayRun {
  redis: PrivateRedis;
  system: RunningSystem;
  seats: Seat[];
  /** The member and room of each seat (same order), for tokens signed again. */
  plan: { room: PlannedRoom; member: PlannedMember }[];
  stop(): Promise<void>;
}

export async function startGatewayRun(clients: number, roomSize: number): Promise<GatewayRun> {
  const rooms = Math.max(1, Math.round(clients / roomSize));
  const opts = { ...parseOptions([]), clients, rooms };
  const { startPrivateRedis } = await loadRedisLib();
  const redis = await startPrivateRedis();
  const secret = randomBytes(32).toString('base64url');
  const planned = planRooms({ clients, rooms, workers: 1, servers: 2 }, 'spread');
  let system: RunningSystem;
  try {
    system = await startMugharred({ redisUrl: redis.url, secret, plan: planned, opts });
  } catch (err) {
    await redis.stop();
    throw err;
  }
  const sign = roomTokenSigner(secret);
  const plan = planned.flatMap((room) => room.members.map((member) => ({ room, member })));
  const seats = plan.map(({ room, member }) => ({ port: system.ports[member.server]!, server: member.server, token: sign(room, member), roomId: room.roomId }));
  return {
    redis,
    system,
    seats,
    plan,
    stop: async () => {
      await system.stop();
      await redis.stop();
    },
  };
}

/** One sample of a process: resident memory and CPU time so far. */
export const sampleProcess = (pid: number) => ({ rss: rssBytes(pid), cpu: cpuMs(pid) });

/** The services sample their event loop every 20 ms (service-kit's metrics); each figure includes that period. */
const LAG_SAMPLING_MS = 20;

/** Event-loop lag figures from a service's /metrics (prom-client's, reset at each scrape: the lag since the last one). */
export async function eventLoopLag(url: string): Promise<{ p50Ms: number; p99Ms: number; maxMs: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const seconds = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN) - LAG_SAMPLING_MS / 1000;
  return {
    p50Ms: seconds('nodejs_eventloop_lag_p50_seconds') * 1000,
    p99Ms: seconds('nodejs_eventloop_lag_p99_seconds') * 1000,
    maxMs: seconds('nodejs_eventloop_lag_max_seconds') * 1000,
  };
}

/** The V8 heap a service uses right now (its /metrics), which moves less with GC timing than RSS does. */
export async function heapUsed(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([0-9.e+-]+)$/m.exec(text)?.[1] ?? Number.NaN);
}

/** Keys in Redis and the memory it uses for data. */
export async function redisFootprint(url: string): Promise<{ keys: number; usedBytes: number }> {
  const redis = new Redis(url);
  try {
    const info = await redis.info('memory');
    return { keys: await redis.dbsize(), usedBytes: Number(/^used_memory:(\d+)/m.exec(info)?.[1]) };
  } finally {
    redis.disconnect();
  }
}

/** How busy the whole machine was (cores) over a window, so figures measured beside other sessions can be read. */
export { machineBusyMs } from '../proc-stats.js';

export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
export const kb = (bytes: number) => (bytes / 1024).toFixed(1);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
