import { describe, expect, it } from 'vitest';
import { baseConfig, baseEnv } from './base-config.js';
import { ConfigError, loadConfig } from './env.js';

const target = (env: NodeJS.ProcessEnv) => loadConfig(baseEnv(3000), env, baseConfig).redis;

describe('where a service finds Redis', () => {
  it('uses the single Redis at REDIS_URL, redis://127.0.0.1:6379 by default', () => {
    expect(target({})).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
    expect(target({ REDIS_URL: 'redis://cache:6380' })).toEqual({ kind: 'single', url: 'redis://cache:6380' });
  });

  it('uses a Redis Cluster through REDIS_CLUSTER_NODES, which then wins over REDIS_URL', () => {
    expect(target({ REDIS_CLUSTER_NODES: 'redis-a:7000, 10.0.0.2:7001,[::1]:7002', REDIS_URL: 'redis://x:1' })).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'redis-a', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
    });
  });

  it('refuses nodes that are not host:port, naming each', () => {
    const bad = () => target({ REDIS_CLUSTER_NODES: 'redis-a,redis-b:0,:7000,redis-c:7001' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        'REDIS_CLUSTER_NODES must be host:port entries separated by commas, got "redis-a"',
        'REDIS_CLUSTER_NODES must be host:port entries separated by commas, got "redis-b:0"',
        'REDIS_CLUSTER_NODES must be host:port entries separated by commas, got ":7000"',
      ]);
    }
  });
});
