import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_PATTERN } from '@mugharred/protocol';
import { decodeToken, startPrivateRedis, type PrivateRedis } from '@mugharred/testing';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

const SECRET = 'login-test-secret-of-at-least-32-bytes!';
let redis: PrivateRedis;
let app: Awaited<ReturnType<typeof buildApp>>;
let nextIp = 1;
/** Each test logs in from its own address, so the per-IP limit of one test never spills into another. */
const login = (payload: unknown, ip = `10.0.0.${nextIp++}`) =>
  app.inject({ method: 'POST', url: '/api/login', payload: payload as object, remoteAddress: ip });

beforeAll(async () => {
  redis = await startPrivateRedis();
  app = await buildApp(readConfig({ REDIS_URL: redis.url, JWT_SECRET: SECRET, LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '5' }));
});
afterAll(async () => {
  await app.close();
  await redis.stop();
});

describe('POST /api/login', () => {
  it('gives a new identity and a one-hour token that names it', async () => {
    const res = await login({ name: 'Ada' });
    expect(res.statusCode).toBe(200);
    const { token, user } = res.json();
    expect(user.name).toBe('Ada');
    expect(user.id).toMatch(new RegExp(ID_PATTERN));
    const claims = decodeToken(token);
    expect(claims).toMatchObject({ sub: user.id, name: 'Ada', iss: 'mugharred', aud: 'mugharred' });
    expect(claims.roomId).toBeUndefined();
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('gives two people with the same name two different ids', async () => {
    const a = (await login({ name: 'Sam' })).json();
    const b = (await login({ name: 'Sam' })).json();
    expect(a.user.id).not.toBe(b.user.id);
  });

  it('trims the name and keeps plain text exactly as typed', async () => {
    expect((await login({ name: '  Tom & Jerry <3  ' })).json().user.name).toBe('Tom & Jerry <3');
  });

  it('keeps markup in a name as typed: names are plain text that no consumer inserts as HTML', async () => {
    const res = await login({ name: '<img src=x onerror=alert(1)>' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.name).toBe('<img src=x onerror=alert(1)>');
  });

  it('normalises a name to NFKC: fullwidth letters become plain ones', async () => {
    expect((await login({ name: 'Ｂｏｂ' })).json().user.name).toBe('Bob');
  });

  it.each([
    ['only whitespace', '   '],
    ['holding a bidi override', 'Bob\u202Egnp.exe'],
    ['holding NUL', 'Bo\u0000b'],
    ['33 characters after trimming', ' '.repeat(4) + 'x'.repeat(33)],
  ])('refuses a name that is %s with invalid_name', async (_what, name) => {
    const res = await login({ name });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_name');
  });

  it.each([
    ['a number for the name', { name: 42 }],
    ['an empty name', { name: '' }],
    ['no name', {}],
    ['an extra field', { name: 'Ada', admin: true }],
    ['a raw name over 128 characters', { name: 'x'.repeat(129) }],
    ['an array for the body', ['Ada']],
  ])('refuses %s with invalid_body', async (_what, body) => {
    const res = await login(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_body');
  });

  it('refuses malformed JSON with a 400 in the error shape', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Ada"',
      remoteAddress: '10.0.1.1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_body');
  });

  it('refuses a body over 4 KiB with 413 payload_too_large', async () => {
    const res = await login({ name: 'Ada', pad: 'x'.repeat(5000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('limits logins per client IP with 429 rate_limited, and other IPs are unaffected', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await login({ name: 'Bot' }, '10.9.9.9')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await login({ name: 'Bot' }, '10.9.9.9');
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await login({ name: 'Human' }, '10.9.9.10')).statusCode).toBe(200);
  });

  it('keeps the login budget in Redis, so a restarted service still remembers it', async () => {
    const again = await buildApp(readConfig({ REDIS_URL: redis.url, JWT_SECRET: SECRET, LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '5' }));
    try {
      const res = await again.inject({ method: 'POST', url: '/api/login', payload: { name: 'Bot' }, remoteAddress: '10.9.9.9' });
      expect(res.statusCode).toBe(429);
    } finally {
      await again.close();
    }
  });

  it('sends security headers and answers unknown routes in the error shape', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route_not_found');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('behind a proxy (TRUST_PROXY=true)', () => {
  it('counts the limit per X-Forwarded-For client, not per proxy', async () => {
    const proxied = await buildApp(
      readConfig({ REDIS_URL: redis.url, JWT_SECRET: SECRET, LOG_LEVEL: 'silent', LOGIN_RATE_PER_MINUTE: '2', TRUST_PROXY: 'true' }),
    );
    try {
      const from = (client: string) =>
        proxied.inject({
          method: 'POST',
          url: '/api/login',
          payload: { name: 'Ada' },
          remoteAddress: '172.16.0.1',
          headers: { 'x-forwarded-for': client },
        });
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await from('203.0.113.7')).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      expect((await from('203.0.113.8')).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});
