import { Redis } from 'ioredis';
import type { Member, Room } from '@mugharred/protocol';
import { createRoom, joinRoom } from '@mugharred/redis-schema';
import { newId, type PlannedMember } from '../plan.js';
import { loadRedisLib, loadServicesLib, type LaunchedService } from '../stack-lib.js';
import { diagnosticsEnv, type StartSystem } from './system.js';

/** Long enough for any run; the private Redis is thrown away after the round anyway. */
const ROOM_LIFETIME_MS = 2 * 60 * 60 * 1000;
/**
 * The per-user send budget (10/s, bursts of 20) stays on, as shipped, with the load inside it; `--lift-budget`
 * raises it to the config's maxima, for loads that one user could not send.
 */
const RATE_LIMIT_LIFTED = { RATE_PER_SECOND: '100000', RATE_BURST: '1000000' };
/** Every bench client comes from 127.0.0.1: the per-address cap on connections not yet authenticated is lifted too. */
const ADDRESS_LIMIT_LIFTED = { UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS: '100000' };

/**
 * Mugharred as deployed: two gateway replicas (apps/gateway/dist) on one Redis. Rooms and members are written
 * with redis-schema, as rooms-api would, so no HTTP call (and no HTTP rate limit) is part of the measurement.
 */
export const startMugharred: StartSystem = async ({ redisUrl, secret, plan, opts }) => {
  const redis = new Redis(redisUrl);
  try {
    const now = Date.now();
    for (const { roomId, members } of plan) {
      const [host, ...guests] = members;
      const room: Room = {
        id: roomId,
        name: `bench ${roomId.slice(0, 6)}`,
        hostId: host!.userId,
        epoch: newId().slice(0, 12),
        createdAt: now,
        expiresAt: now + ROOM_LIFETIME_MS,
        maxParticipants: members.length,
        isLocked: false,
      };
      const asMember = (m: PlannedMember): Member => ({ name: m.name, role: m.role, joinedAt: now });
      await createRoom(redis, room, asMember(host!));
      for (const g of guests) {
        const res = await joinRoom(redis, roomId, g.userId, asMember(g));
        if (!res.ok) throw new Error(`bench could not seat a member: ${res.code}`);
      }
    }
  } finally {
    redis.disconnect();
  }
  const { freePort } = await loadRedisLib();
  const { startService } = await loadServicesLib();
  const gateways: LaunchedService[] = [];
  try {
    for (let n = 1; n <= opts.servers; n++) {
      const name = `gateway-${n}`;
      const env = {
        REDIS_URL: redisUrl,
        JWT_SECRET: secret,
        REPLICA_ID: name,
        ...(opts.gatewayLogLevel ? { LOG_LEVEL: opts.gatewayLogLevel } : {}),
        ...(opts.liftBudget ? RATE_LIMIT_LIFTED : {}),
        ...ADDRESS_LIMIT_LIFTED,
        ...diagnosticsEnv(opts, name),
      };
      gateways.push(await startService('gateway', await freePort(), env, { name }));
    }
  } catch (err) {
    await Promise.all(gateways.map((g) => g.stop()));
    throw err;
  }
  return {
    ports: gateways.map((g) => g.port),
    pids: gateways.map((g) => g.pid),
    output: () => gateways.map((g) => g.output()).join(''),
    stop: async () => {
      await Promise.all(gateways.map((g) => g.stop()));
    },
  };
};
