import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, scrape, startPrivateRedis, startService, type PrivateRedis, type ServiceProcess } from '../../packages/testing/src/index.js';
import { referencedSeries } from './referenced-series.js';
import { startEdge } from '../../scripts/lib/edge.mjs';

const SECRET = randomBytes(32).toString('base64url');
let redis: PrivateRedis;
let services: Record<'auth' | 'rooms' | 'gateway' | 'worker', ServiceProcess>;

beforeAll(async () => {
  redis = await startPrivateRedis();
  const env = { REDIS_URL: redis.url, JWT_SECRET: SECRET };
  const [auth, rooms, gateway, worker] = await Promise.all([
    startService('auth-api', await freePort(), env),
    startService('rooms-api', await freePort(), env),
    startService('gateway', await freePort(), env),
    startService('worker', await freePort(), { REDIS_URL: redis.url }),
  ]);
  services = { auth: auth!, rooms: rooms!, gateway: gateway!, worker: worker! };
  // Four cold starts at once (jsdom alone takes seconds) on a busy 2-core machine.
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(services ?? {}).map((s) => s.stop()));
  await redis.stop();
});

const post = (base: string, path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Series names a scrape declares (`# TYPE`), a histogram's _bucket, _sum and _count included. */
const declared = (text: string) =>
  [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
    type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : type === 'summary' ? [name!, `${name}_sum`, `${name}_count`] : [name!],
  );

describe('/metrics of every service (real processes)', () => {
  it('every service has process metrics, event-loop lag and Redis command latency', async () => {
    for (const s of Object.values(services)) {
      const m = await scrape(s.url);
      expect([s.name, m.status]).toEqual([s.name, 200]);
      expect(m.value('process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
      expect(m.value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
      expect(m.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      expect(m.value('redis_command_duration_seconds_count')).toBeGreaterThan(0);
    }
  });

  it('exposes every series the Grafana dashboard and the alert rules use', async () => {
    const exposed = new Set<string>();
    for (const s of Object.values(services)) for (const name of declared((await scrape(s.url)).text)) exposed.add(name);
    const used = await referencedSeries();
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('is never reachable through the public edge', async () => {
    const edge = (await startEdge({
      port: await freePort(),
      authUrl: services.auth.url,
      roomsUrl: services.rooms.url,
      gatewayUrls: [services.gateway.url],
      stdio: 'pipe',
    })) as { url: string; stop(): Promise<void> };
    try {
      expect((await fetch(`${edge.url}/health`)).status).toBe(200);
      for (const path of ['/metrics', '/api/metrics', '/api/../metrics', '/ws/../metrics', '/health/../metrics']) {
        const res = await fetch(edge.url + path);
        const body = await res.text();
        expect([path, body.includes('process_cpu_seconds_total')]).toEqual([path, false]);
      }
    } finally {
      await edge.stop();
    }
  });

  it('auth-api: request latency by route template and status moves with each request', async () => {
    const url = services.auth.url;
    const count = async (labels: Record<string, string>) => (await scrape(url)).value('http_request_duration_seconds_count', labels) ?? 0;
    const ok = { route: '/api/login', method: 'POST', status_code: '200' };
    const bad = { route: '/api/login', method: 'POST', status_code: '400' };
    const [ok0, bad0] = [await count(ok), await count(bad)];
    expect((await post(url, '/api/login', { name: 'Ada' })).status).toBe(200);
    expect((await post(url, '/api/login', { name: 'Ada' })).status).toBe(200);
    expect((await post(url, '/api/login', { name: '' })).status).toBe(400);
    expect((await fetch(`${url}/no/such/path?token=secret`)).status).toBe(404);
    const m = await scrape(url);
    expect(m.value('http_request_duration_seconds_count', ok)).toBe(ok0 + 2);
    expect(m.value('http_request_duration_seconds_count', bad)).toBe(bad0 + 1);
    // Unmatched paths are one series, never one per URL (and never with a query string).
    expect(m.value('http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
    expect(m.text).not.toContain('/no/such/path');
    expect(m.value('http_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(ok0 + 2);
  });

  it('rooms-api: a created room shows in its route latency', async () => {
    const url = services.rooms.url;
    const res = await post(url, '/api/create-room', { name: 'Metrics', maxParticipants: 5, duration: 15, hostName: 'Ada' });
    expect(res.status).toBe(200);
    const { roomId } = (await res.json()) as { roomId: string };
    expect((await fetch(`${url}/api/rooms/${roomId}`)).status).toBe(200);
    const m = await scrape(url);
    expect(m.value('http_request_duration_seconds_count', { route: '/api/create-room', status_code: '200' })).toBe(1);
    expect(m.value('http_request_duration_seconds_count', { route: '/api/rooms/:roomId', status_code: '200' })).toBe(1);
    expect(m.text).not.toContain(roomId);
  });

  it('worker: the queue, its jobs and the room counts are prom-client series', async () => {
    const m = await scrape(services.worker.url);
    expect(m.contentType).toContain('text/plain');
    expect(m.value('mugharred_redis_up')).toBe(1);
    expect(m.value('mugharred_queue_jobs', { state: 'delayed' })).toBeGreaterThanOrEqual(1);
    expect(m.value('mugharred_rooms_expired_total', { by: 'sweep' })).toBe(0);
  });
});
