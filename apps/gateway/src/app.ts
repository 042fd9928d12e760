import type { RedisClient } from '@mugharred/redis-schema';
import { createBaseApp, createRedis, createTokenVerifier, ownRedis, registerHealth } from '@mugharred/service-kit';
import type { GatewayConfig } from './config.js';
import { createVoiceControl } from '@mugharred/voice';
import { Gateway } from './gateway.js';
import { registerOriginCheck } from './routes/origin-check.js';
import { registerWsRoute } from './routes/ws.js';

export interface GatewayDeps {
  /** Commands and scripts. */
  redis: RedisClient;
  /** Sharded subscriptions only (SSUBSCRIBE per room). */
  sub: RedisClient;
}

function connect(config: Readonly<GatewayConfig>): GatewayDeps {
  return {
    redis: createRedis(config.redis, 'command', `gateway:${config.replicaId}`),
    sub: createRedis(config.redis, 'subscriber', `gateway-sub:${config.replicaId}`),
  };
}

/** One gateway replica, not listening. It owns `deps` and closes them with the app. */
export async function buildApp(config: Readonly<GatewayConfig>, deps: GatewayDeps = connect(config)) {
  const app = createBaseApp({ service: 'gateway', logLevel: config.logLevel, trustProxy: config.trustProxy, headerTimeoutMs: config.headerTimeoutMs });
  ownRedis(app, [deps.redis, deps.sub]);
  const voice = config.voice ? createVoiceControl({ ...config.voice, log: app.log }) : null;
  if (voice) app.addHook('onClose', async () => voice.close());
  const gateway = new Gateway(config, deps.redis, deps.sub, createTokenVerifier(config.jwtSecret), voice, app.log);
  // On close: drained first (main.ts starts the drain at SIGTERM; a test's close drains here).
  app.addHook('preClose', async () => gateway.shutdown());
  registerHealth(
    app,
    'gateway',
    deps.redis,
    () => ({ replica: config.replicaId, connections: gateway.connections, roomsServed: gateway.roomsServed }),
    () => (gateway.draining ? 'draining' : null),
  );
  registerWsRoute(app, gateway, {
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    connectionsPerAddress: config.connectionsPerAddress,
  });
  registerOriginCheck(app, config.allowedOrigins);
  return Object.assign(app, { drain: () => gateway.drain() });
}
