import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mugharred/service-kit';
import { readConfig } from './config.js';

const secret = () => randomBytes(32).toString('base64url');
const JWT_SECRET = secret();

describe('gateway config', () => {
  it('waits for one replica on a Redis Cluster and none on a single Redis, unless WAIT_REPLICAS says otherwise', () => {
    expect(readConfig({ JWT_SECRET })).toMatchObject({ port: 3020, waitReplicas: 0, redis: { kind: 'single' } });
    expect(readConfig({ JWT_SECRET, REDIS_CLUSTER_NODES: 'a:7000' }).waitReplicas).toBe(1);
    expect(readConfig({ JWT_SECRET, REDIS_CLUSTER_NODES: 'a:7000', WAIT_REPLICAS: '0' }).waitReplicas).toBe(0);
  });

  it('names itself unless REPLICA_ID is set', () => {
    expect(readConfig({ JWT_SECRET }).replicaId).toMatch(/-\d+-[0-9a-f]{6}$/);
    expect(readConfig({ JWT_SECRET, REPLICA_ID: 'gw-1' }).replicaId).toBe('gw-1');
  });

  it('reaches Janus only to revoke: no admin key, no voice-pass settings', () => {
    const [apiSecret, adminSecret] = [secret(), secret()];
    expect(readConfig({ JWT_SECRET, JANUS_API_SECRET: apiSecret, JANUS_ADMIN_SECRET: adminSecret }).voice).toEqual({
      wsUrl: 'ws://127.0.0.1:8188',
      adminUrl: 'ws://127.0.0.1:7188',
      apiSecret,
      adminSecret,
    });
  });

  it('refuses a presence refresh slower than half the TTL, with every other problem at once', () => {
    const bad = () => readConfig({ JWT_SECRET: 'short', PRESENCE_TTL_MS: '10000', PRESENCE_REFRESH_MS: '6000', TRUST_PROXY: 'all' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(
      expect.objectContaining({
        problems: [
          'JWT_SECRET must be set to at least 32 bytes (got 5)',
          'PRESENCE_REFRESH_MS must be at most half of PRESENCE_TTL_MS, or live sockets would flicker offline',
          'TRUST_PROXY must be false, true (one proxy) or a number of proxy hops 0..10, got "all"',
        ],
      }),
    );
  });
});
