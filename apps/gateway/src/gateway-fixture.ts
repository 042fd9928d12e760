import { randomBytes } from 'node:crypto';
import type { Member, Room } from '@mugharred/protocol';
import { createRoom, joinRoom, type RedisClient } from '@mugharred/redis-schema';
import {
  forgeToken,
  freePort,
  isEvent,
  startService,
  startTestRedis,
  TestSocket,
  type RedisKind,
  type ServiceProcess,
  type TestRedis,
} from '@mugharred/testing';

export const SECRET = 'gateway-test-secret-that-is-long-enough-1234';
const id = () => randomBytes(16).toString('base64url');

export interface Cluster {
  server: TestRedis;
  redis: RedisClient;
  gateways: ServiceProcess[];
  stop(): Promise<void>;
}

/** One more real gateway process on a free port, on `server`. */
export async function startGateway(server: TestRedis, replicaId: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  return startService('gateway', await freePort(), { ...server.env, JWT_SECRET: SECRET, REPLICA_ID: replicaId, ...env });
}

/** A private Redis (one server, or a 3-master cluster) and `replicas` real gateway processes on free ports. */
export async function startCluster(replicas = 2, env: Record<string, string> = {}, kind: RedisKind = 'single'): Promise<Cluster> {
  const server = await startTestRedis(kind);
  const redis = server.client();
  const gateways: ServiceProcess[] = [];
  for (let i = 0; i < replicas; i++) gateways.push(await startGateway(server, `gw-${i + 1}`, env));
  return {
    server,
    redis,
    gateways,
    stop: async () => {
      await Promise.all(gateways.map((g) => g.stop()));
      redis.disconnect();
      await server.stop();
    },
  };
}

export interface SeededUser {
  id: string;
  name: string;
  role: Member['role'];
}

export interface SeededRoom {
  room: Room;
  host: SeededUser;
  guests: SeededUser[];
  /** A valid room token for `user` (override claims or expiry to forge bad ones). */
  token(user: SeededUser, opts?: { expiresIn?: number; claims?: Record<string, unknown> }): string;
}

/** A room stored the way rooms-api stores it, with a host and `guestNames` members. */
export async function seedRoom(
  redis: RedisClient,
  opts: { guestNames?: string[]; max?: number; ttlMs?: number } = {},
): Promise<SeededRoom> {
  const now = Date.now();
  const host: SeededUser = { id: id(), name: 'Hosna', role: 'host' };
  const room: Room = {
    id: id(),
    name: 'Test room',
    hostId: host.id,
    epoch: randomBytes(8).toString('base64url'),
    createdAt: now,
    expiresAt: now + (opts.ttlMs ?? 10 * 60_000),
    maxParticipants: opts.max ?? 10,
    isLocked: false,
  };
  await createRoom(redis, room, { name: host.name, role: 'host', joinedAt: now });
  const guests: SeededUser[] = [];
  for (const [i, name] of (opts.guestNames ?? ['Guest']).entries()) {
    const user: SeededUser = { id: id(), name, role: 'participant' };
    const res = await joinRoom(redis, room.id, user.id, { name, role: 'participant', joinedAt: now + i + 1 });
    if (!res.ok) throw new Error(`seed join failed: ${res.code}`);
    guests.push(user);
  }
  return {
    room,
    host,
    guests,
    token: (user, o = {}) =>
      forgeToken(
        { sub: user.id, name: user.name, roomId: room.id, role: user.role, ...o.claims },
        { secret: SECRET, expiresIn: o.expiresIn },
      ),
  };
}

export const wsUrl = (gw: ServiceProcess, token?: string) =>
  `ws://127.0.0.1:${gw.port}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

/** Opens a socket on `gw` and joins the room; resolves with the socket and its `joined` frame. */
export async function joinOn(
  gw: ServiceProcess,
  seeded: SeededRoom,
  user: SeededUser,
  since?: { epoch: string; seq: number },
) {
  const socket = await TestSocket.open(wsUrl(gw, seeded.token(user)));
  socket.send({ type: 'join_room', roomId: seeded.room.id, ...(since ? { since } : {}) });
  const joined = await socket.next<JoinedFrame>(isEvent('joined'));
  return { socket, joined };
}

export interface JoinedFrame {
  type: 'room_event';
  event: 'joined';
  room: Room;
  messages: { id: string; seq: number; epoch: string; text: string; userId: string; name: string }[];
  participants: { id: string; name: string; role: string; online: boolean }[];
  recovered: boolean;
  [k: string]: unknown;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
