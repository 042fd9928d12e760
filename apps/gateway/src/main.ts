import { ConfigError, createRedis, onShutdown } from '@mugharred/service-kit';
import { buildApp } from './app.js';
import { readConfig } from './config.js';

async function main(): Promise<void> {
  const config = readConfig();
  const redis = createRedis(config.redisUrl, 'command', `gateway:${config.replicaId}`);
  const sub = createRedis(config.redisUrl, 'subscriber', `gateway-sub:${config.replicaId}`);
  const app = await buildApp(config, { redis, sub });
  redis.on('error', (err) => app.log.warn({ err: err.message }, 'redis error'));
  sub.on('error', (err) => app.log.warn({ err: err.message }, 'redis subscriber error'));
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ replica: config.replicaId, port: config.port }, 'gateway listening');
  onShutdown(async () => {
    await app.close();
    redis.disconnect();
    sub.disconnect();
  }, app.log);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`gateway: ${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
