import type { FastifyInstance } from 'fastify';
import type { BaseConfig } from './base-config.js';
import { ConfigError } from './env.js';
import { checkEvictionPolicy } from './eviction-check.js';
import { onShutdown } from './shutdown.js';

type Listener = Pick<FastifyInstance, 'listen' | 'close' | 'log'>;

/**
 * What a service's main.ts does: read the config (a bad one prints every problem and exits 1, before any
 * connection is made), refuse a Redis that may evict keys, build the app, listen, and close cleanly on
 * SIGINT/SIGTERM. `drain`, when given, runs before the close; its synchronous part runs inside the signal
 * handler, before any other event is handled.
 */
export async function runService<C extends BaseConfig, A extends Listener>(
  service: string,
  readConfig: () => C,
  buildApp: (config: C) => Promise<A>,
  drain?: (app: A) => Promise<void>,
): Promise<void> {
  let config: C;
  try {
    config = readConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${service}: ${err.message}\n`);
    process.exit(1);
  }
  const eviction = await checkEvictionPolicy(config.redis);
  if (eviction.ok === false) {
    process.stderr.write(
      `${service}: Redis maxmemory-policy is "${eviction.policy}"; Mugharred needs "noeviction" (an evicting Redis silently ` +
        `drops rooms, messages and jobs when full). Run: redis-cli CONFIG SET maxmemory-policy noeviction\n`,
    );
    process.exit(1);
  }
  if (eviction.ok === 'unchecked') {
    process.stderr.write(`${service}: warning: could not read Redis maxmemory-policy (${eviction.reason}); it must be "noeviction"\n`);
  }
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  onShutdown(async () => {
    if (drain) await drain(app);
    await app.close();
  }, app.log);
}
