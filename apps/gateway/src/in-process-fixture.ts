import type { AddressInfo } from 'node:net';
import { startTestRedis, type RedisKind, type TestRedis } from '@mugharred/testing';
import type { RedisClient } from '@mugharred/redis-schema';
import { buildApp } from './app.js';
import { readConfig } from './config.js';
import { SECRET } from './gateway-fixture.js';

/** A gateway replica built in this process (buildApp) and listening on a port the OS picked. */
interface InProcessGateway {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Builds a gateway in the test's own process on `server`, with `env` read the way main.ts reads the real one. It
 * starts in milliseconds where a process takes a second, for tests of what one replica does with its sockets;
 * what needs a process to die or drain (failover, deploys, the supervisor) keeps starting real ones.
 */
async function startInProcessGateway(server: TestRedis, env: Record<string, string> = {}): Promise<InProcessGateway> {
  const config = readConfig({
    ...server.env,
    JWT_SECRET: SECRET,
    REPLICA_ID: `in-process-${Math.random().toString(36).slice(2, 8)}`,
    LOG_LEVEL: 'silent',
    // Closing the app drains it: with the sockets a case left open, that should take no time.
    DRAIN_SPREAD_MS: '0',
    DRAIN_TIMEOUT_MS: '100',
    ...env,
  });
  const app = await buildApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { port, url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}

export interface InProcessStack {
  server: TestRedis;
  redis: RedisClient;
  /** Replicas of one gateway, each with its own Redis connections, as separate processes would have. */
  gateways: InProcessGateway[];
  stop(): Promise<void>;
}

/** A private Redis (one server, or a 3-master cluster) and `replicas` in-process gateways on it. */
export async function startInProcessStack(
  env: Record<string, string> = {},
  { replicas = 1, kind = 'single' }: { replicas?: number; kind?: RedisKind } = {},
): Promise<InProcessStack> {
  const server = await startTestRedis(kind);
  const redis = server.client();
  const gateways: InProcessGateway[] = [];
  const stop = async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    redis.disconnect();
    await server.stop();
  };
  try {
    for (let i = 0; i < replicas; i++) gateways.push(await startInProcessGateway(server, env));
  } catch (err) {
    await stop();
    throw err;
  }
  return { server, redis, gateways, stop };
}
