import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '@mugharred/protocol';
import { createRoom, deleteRoom, joinRoom, kickMember } from '@mugharred/redis-schema';
import { decodeToken, forgeToken, startPrivateRedis, type PrivateRedis } from '@mugharred/testing';
import { buildApp, connect, type AuthDeps } from './app.js';
import { readConfig } from './config.js';

const SECRET = 'refresh-test-secret-of-at-least-32-bytes';
const id = () => randomBytes(16).toString('base64url');
let redis: PrivateRedis;
let deps: AuthDeps;
let app: Awaited<ReturnType<typeof buildApp>>;

const refresh = (authorization?: string) =>
  app.inject({ method: 'POST', url: '/api/refresh', headers: authorization ? { authorization } : {} });
const bearer = (token: string) => `Bearer ${token}`;

/** A live room stored the way rooms-api stores it, with `hostId` as host. */
async function storeRoom(hostId: string): Promise<Room> {
  const now = Date.now();
  const room: Room = { id: id(), name: 'Standup', hostId, epoch: 'e1', createdAt: now, expiresAt: now + 60_000, maxParticipants: 5, isLocked: false };
  await createRoom(deps.redis, room, { name: 'Hana', role: 'host', joinedAt: now });
  return room;
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  const config = readConfig({ REDIS_URL: redis.url, JWT_SECRET: SECRET, LOG_LEVEL: 'silent' });
  deps = connect(config.redis);
  app = await buildApp(config, deps);
});
afterAll(async () => {
  await app.close();
  await redis.stop();
});

describe('POST /api/refresh', () => {
  it('renews a login token with the same identity and a new hour', async () => {
    const login = (await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'Ada' } })).json();
    const old = forgeToken({ sub: login.user.id, name: 'Ada' }, { secret: SECRET, expiresIn: 60 });
    const res = await refresh(bearer(old));
    expect(res.statusCode).toBe(200);
    const claims = decodeToken(res.json().token);
    expect(claims).toMatchObject({ sub: login.user.id, name: 'Ada' });
    expect(claims.exp as number).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 3599);
    expect(claims.roomId).toBeUndefined();
  });

  it('renews a room token of a current member with its room and role', async () => {
    const hostId = id();
    const room = await storeRoom(hostId);
    const res = await refresh(bearer(forgeToken({ sub: hostId, name: 'Hana', roomId: room.id, role: 'host' }, { secret: SECRET })));
    expect(res.statusCode).toBe(200);
    expect(decodeToken(res.json().token)).toMatchObject({ sub: hostId, name: 'Hana', roomId: room.id, role: 'host' });
  });

  it('refuses to renew the room token of a kicked member with 403 not_member', async () => {
    const room = await storeRoom(id());
    const guest = id();
    await joinRoom(deps.redis, room.id, guest, { name: 'Gus', role: 'participant', joinedAt: Date.now() });
    await kickMember(deps.redis, room.id, guest);
    const res = await refresh(bearer(forgeToken({ sub: guest, name: 'Gus', roomId: room.id, role: 'participant' }, { secret: SECRET })));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_member');
  });

  it('refuses to renew a room token once the room has ended with 404 room_not_found', async () => {
    const hostId = id();
    const room = await storeRoom(hostId);
    await deleteRoom(deps.redis, room.id, 'ended');
    const res = await refresh(bearer(forgeToken({ sub: hostId, name: 'Hana', roomId: room.id, role: 'host' }, { secret: SECRET })));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('room_not_found');
  });

  it('refuses an expired token with 401 token_expired', async () => {
    const res = await refresh(bearer(forgeToken({ sub: id(), name: 'Ada' }, { secret: SECRET, expiresIn: -5 })));
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toEqual({ code: 'token_expired', message: expect.stringMatching(/expired/) });
  });

  it('refuses a request without a token with 401 unauthorized', async () => {
    const res = await refresh();
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('refuses an Authorization header that is not a bearer token with 401 unauthorized', async () => {
    const res = await refresh('Basic YWRhOnNlY3JldA==');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
  });

  const claims = { sub: id(), name: 'Eve' };
  const valid = forgeToken(claims, { secret: SECRET });
  const [head, , sig] = valid.split('.');
  const forgedPayload = Buffer.from(JSON.stringify({ ...decodeToken(valid), sub: id() })).toString('base64url');
  it.each([
    ['an unsigned token (alg none)', forgeToken(claims, { secret: SECRET, alg: 'none' })],
    ['a token signed with another secret', forgeToken(claims, { secret: 'another-secret-of-at-least-32-bytes!!' })],
    ['a token of another algorithm (HS512)', forgeToken(claims, { secret: SECRET, alg: 'HS512' })],
    ['a token whose payload was changed after signing', `${head}.${forgedPayload}.${sig}`],
    ['a token of another issuer', forgeToken({ ...claims, iss: 'elsewhere' }, { secret: SECRET })],
    ['a token for another audience', forgeToken({ ...claims, aud: 'elsewhere' }, { secret: SECRET })],
    ['a signed token whose user id is not ours', forgeToken({ sub: 'admin', name: 'Eve' }, { secret: SECRET })],
    ['a token without a name', forgeToken({ sub: id() }, { secret: SECRET })],
    ['a string that is not a token', 'not.a.token'],
  ])('refuses %s with 401 invalid_token', async (_what, token) => {
    const res = await refresh(bearer(token));
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_token');
  });
});
