import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeToken, freePort, startPrivateRedis, startService, type PrivateRedis, type ServiceProcess } from '@mugharred/testing';

const SECRET = randomBytes(32).toString('base64url');
let redis: PrivateRedis;
let auth: ServiceProcess;

const post = (path: string, body?: unknown, token?: string) =>
  fetch(auth.url + path, {
    method: 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  redis = await startPrivateRedis();
  auth = await startService('auth-api', await freePort(), { REDIS_URL: redis.url, JWT_SECRET: SECRET });
});
afterAll(async () => {
  await auth?.stop();
  await redis.stop();
});

describe('auth-api as a real process', () => {
  it('logs a person in and refreshes their token, and no token reaches its log', async () => {
    const login = await post('/api/login', { name: 'Ada' });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const refreshed = await post('/api/refresh', undefined, token);
    expect(refreshed.status).toBe(200);
    const fresh = ((await refreshed.json()) as { token: string }).token;
    // The child's log lines reach this process through a pipe, possibly after the answer itself.
    await expect.poll(() => auth.output()).toContain('/api/refresh');
    expect(auth.output()).not.toContain(token.split('.')[2]);
    expect(auth.output()).not.toContain(fresh.split('.')[2]);
  });

  it('accepts a body-less refresh sent with a JSON content type', async () => {
    const { token } = (await (await post('/api/login', { name: 'Ada' })).json()) as { token: string };
    const res = await fetch(`${auth.url}/api/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });

  it('answers an expired token with 401 token_expired and keeps serving', async () => {
    const expired = forgeToken({ sub: randomBytes(16).toString('base64url'), name: 'Ada' }, { secret: SECRET, expiresIn: -60 });
    for (let i = 0; i < 3; i++) {
      const res = await post('/api/refresh', undefined, expired);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('token_expired');
    }
    expect(auth.child.exitCode).toBeNull();
    expect((await fetch(`${auth.url}/health`)).status).toBe(200);
  });

  it('reports its health in the seed form', async () => {
    const res = await fetch(`${auth.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'auth-api', auth: 'jwt', storage: 'redis', rooms: 0, participants: 0 });
  });

  it('refuses to start with a JWT_SECRET shorter than 32 bytes, and says why', async () => {
    const start = startService('auth-api', await freePort(), { REDIS_URL: redis.url, JWT_SECRET: 'too-short' });
    await expect(start).rejects.toThrow(/JWT_SECRET must be set to at least 32 bytes \(got 9\)/);
  });

  it('reports 503 degraded while Redis is down, refuses room-token refreshes with 503, and still logs people in', async () => {
    await redis.stop();
    const health = await fetch(`${auth.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', service: 'auth-api' });
    const roomToken = forgeToken(
      { sub: randomBytes(16).toString('base64url'), name: 'Ada', roomId: randomBytes(16).toString('base64url'), role: 'host' },
      { secret: SECRET },
    );
    const refresh = await post('/api/refresh', undefined, roomToken);
    expect(refresh.status).toBe(503);
    expect(((await refresh.json()) as { error: { code: string } }).error.code).toBe('storage_unavailable');
    expect((await post('/api/login', { name: 'Ada' })).status).toBe(200);
    expect(auth.child.exitCode).toBeNull();
  });
});
