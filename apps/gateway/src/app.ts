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

export function connect(config: Readonly<GatewayConfig>): GatewayDeps {
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
  // On close: every socket gets 1012 (go to another replica) and leaves presence first.
  app.addHook('preClose', async () => gateway.shutdown());
  registerHealth(app, 'gateway', deps.redis, () => ({
    replica: config.replicaId,
    connections: gateway.connections,
    roomsServed: gateway.roomsServed,
  }));
  registerWsRoute(app, gateway, {
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    connectionsPerAddress: config.connectionsPerAddress,
  });
  registerOriginCheck(app, config.allowedOrigins);
  return app;
}
