import type { FastifyInstance } from 'fastify';
import { ConfigError, type BaseConfig } from './env.js';
import { onShutdown } from './shutdown.js';

type Listener = Pick<FastifyInstance, 'listen' | 'close' | 'log'>;

/**
 * What a service's main.ts does: read the config (a bad one prints every problem and exits 1, before any
 * connection is made), build the app, listen, and close cleanly on SIGINT/SIGTERM. `drain`, when given, runs
 * before the close; its synchronous part runs inside the signal handler, before any other event is handled.
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
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  onShutdown(async () => {
    if (drain) await drain(app);
    await app.close();
  }, app.log);
}
