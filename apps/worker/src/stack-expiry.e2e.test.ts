import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { CLOSE_CODES } from '@mugharred/protocol';
import {
  freePort,
  isEvent,
  startPrivateRedis,
  startService,
  TestSocket,
  type PrivateRedis,
  type ServiceProcess,
} from '@mugharred/testing';
import { get, NO_TRACE, sample, tracesOnceGone } from './test-helpers.js';

// The whole path a user lives through: rooms-api schedules the jobs, the worker fires them, and every gateway
// replica tells its members and closes their sockets. One room "minute" is 200 ms: a 15-minute room lasts 3 s
// and the `expiring` warning comes 1 s before its end.
const SECRET = randomBytes(32).toString('base64url');
let server: PrivateRedis;
let redis: Redis;
let rooms: ServiceProcess;
let gateways: ServiceProcess[];
let worker: ServiceProcess;

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new Redis(server.url);
  const env = { REDIS_URL: server.url, JWT_SECRET: SECRET };
  [rooms, worker, ...gateways] = await Promise.all([
    startService('rooms-api', await freePort(), { ...env, ROOM_MINUTE_MS: '200' }),
    startService('worker', await freePort(), env),
    startService('gateway', await freePort(), { ...env, REPLICA_ID: 'gw-1' }),
    startService('gateway', await freePort(), { ...env, REPLICA_ID: 'gw-2' }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([rooms, worker, ...(gateways ?? [])].map((s) => s?.stop()));
  redis?.disconnect();
  await server?.stop();
});

async function post(path: string, body: unknown): Promise<any> {
  const res = await fetch(rooms.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function member(gw: ServiceProcess, roomId: string, token: string): Promise<TestSocket> {
  const socket = await TestSocket.open(`ws://127.0.0.1:${gw.port}/ws?token=${encodeURIComponent(token)}`);
  socket.send({ type: 'join_room', roomId });
  await socket.next(isEvent('joined'));
  return socket;
}

describe('a room running out of time, across the whole backend', () => {
  it('warns every member on every replica, then expires the room, closes their sockets and leaves nothing', async () => {
    const created = await post('/api/create-room', {
      name: 'Standup',
      maxParticipants: 3,
      duration: 15,
      hostName: 'Hana',
    });
    const { roomId } = created;
    const joined = await post('/api/join-room', { roomId, participantName: 'Gus' });
    const host = await member(gateways[0]!, roomId, created.token);
    const guest = await member(gateways[1]!, roomId, joined.token);

    for (const socket of [host, guest]) {
      const warning = await socket.next(isEvent('expiring'), 5000);
      expect(warning).toMatchObject({ roomId, expiresAt: created.room.expiresAt });
    }
    for (const socket of [host, guest]) {
      await socket.next(isEvent('expired'), 5000);
      expect(await socket.closed()).toBe(CLOSE_CODES.roomExpired.code);
    }

    expect(await tracesOnceGone(redis, roomId)).toEqual(NO_TRACE);
    // The link now says the room ran out of time, from the content-free fate kept after every other trace is gone.
    const link = await fetch(`${rooms.url}/api/rooms/${roomId}`);
    expect(link.status).toBe(410);
    expect(((await link.json()) as { error: { code: string } }).error.code).toBe('room_expired');
    const metrics = (await get(worker.url, '/metrics')).body as string;
    expect(sample(metrics, 'mugharred_rooms_expired_total{by="job"}')).toBe(1);
  });
});
