import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToken, forgeToken, freePort, startPrivateRedis, startService, type PrivateRedis, type ServiceProcess } from '@mugharred/testing';

const SECRET = randomBytes(32).toString('base64url');
let redis: PrivateRedis;
let rooms: ServiceProcess;

type Answer = { status: number; body: any };
async function call(method: string, path: string, body?: unknown, token?: string): Promise<Answer> {
  const res = await fetch(rooms.url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
const createBody = { name: 'Standup', maxParticipants: 3, duration: 15, hostName: 'Hana' };

beforeAll(async () => {
  redis = await startPrivateRedis();
  rooms = await startService('rooms-api', await freePort(), { REDIS_URL: redis.url, JWT_SECRET: SECRET, ROOM_MINUTE_MS: '1000' });
});
afterAll(async () => {
  await rooms?.stop();
  await redis.stop();
});

describe('rooms-api as a real process', () => {
  it('creates, shows, joins and locks a room over HTTP, and no token reaches its log', async () => {
    const created = await call('POST', '/api/create-room', createBody);
    expect(created.status).toBe(200);
    const { roomId, token } = created.body;
    expect((await call('GET', `/api/rooms/${roomId}`)).body).toMatchObject({ name: 'Standup', participantCount: 1, maxParticipants: 3 });
    const joined = await call('POST', '/api/join-room', { roomId, participantName: 'Gus' });
    expect(joined.status).toBe(200);
    expect(decodeToken(joined.body.token)).toMatchObject({ roomId, role: 'participant' });
    expect((await call('POST', `/api/rooms/${roomId}/lock`, undefined, token)).body.room.isLocked).toBe(true);
    const refused = await call('POST', '/api/join-room', { roomId, participantName: 'Ida' });
    expect(refused).toEqual({ status: 423, body: { error: { code: 'room_locked', message: expect.any(String) } } });
    for (const t of [token, joined.body.token as string]) expect(rooms.output()).not.toContain(t.split('.')[2]);
    expect(rooms.output()).toContain('room created');
  });

  it('answers an expired token with 401 token_expired and keeps serving', async () => {
    const expired = forgeToken({ sub: randomBytes(16).toString('base64url'), name: 'Ada' }, { secret: SECRET, expiresIn: -60 });
    const res = await call('POST', '/api/create-room', createBody, expired);
    expect(res).toEqual({ status: 401, body: { error: { code: 'token_expired', message: expect.any(String) } } });
    expect((await call('GET', '/health')).status).toBe(200);
    expect(rooms.child.exitCode).toBeNull();
  });

  it('refuses to start with a JWT_SECRET shorter than 32 bytes, and says why', async () => {
    const start = startService('rooms-api', await freePort(), { REDIS_URL: redis.url, JWT_SECRET: 'x'.repeat(31) });
    await expect(start).rejects.toThrow(/JWT_SECRET must be set to at least 32 bytes \(got 31\)/);
  });

  it('answers 503 storage_unavailable while Redis is down, never a false success, and recovers when it is back', async () => {
    const { roomId, token } = (await call('POST', '/api/create-room', createBody)).body;
    await redis.stop();
    const health = await call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', service: 'rooms-api', auth: 'jwt', storage: 'redis' });
    const down = await Promise.all([
      call('POST', '/api/create-room', createBody),
      call('POST', '/api/join-room', { roomId, participantName: 'Gus' }),
      call('GET', `/api/rooms/${roomId}`),
      call('POST', `/api/rooms/${roomId}/lock`, undefined, token),
      call('POST', `/api/rooms/${roomId}/end`, undefined, token),
    ]);
    for (const res of down) {
      expect(res).toEqual({ status: 503, body: { error: { code: 'storage_unavailable', message: expect.any(String) } } });
    }
    expect(rooms.child.exitCode).toBeNull();

    await redis.restart();
    let healthy = 0;
    for (let i = 0; i < 100 && healthy !== 200; i++) {
      healthy = (await call('GET', '/health')).status;
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy).toBe(200);
    expect((await call('POST', '/api/create-room', createBody)).status).toBe(200);
  });
});
