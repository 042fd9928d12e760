import { Cluster, type Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';

/** Apps make their own series with these, so prom-client is one dependency of service-kit, not of each app. */
export { Counter, Gauge, Histogram };

let registry: Registry | undefined;
let http: Histogram<'method' | 'route' | 'status_code'> | undefined;
let redisReconnects: Counter<'connection'> | undefined;
let redisCommands: Histogram<'command'> | undefined;

/**
 * The process's one Prometheus registry, with Node's process metrics and event-loop lag (prom-client's default
 * metrics, which start timers and observers: made once per process, however many apps a test builds). Apps
 * add their own metrics to it.
 */
export function metricsRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  }
  return registry;
}

/**
 * GET /metrics (Prometheus text; Prometheus labels each target with its job and instance) and an HTTP latency
 * histogram by route template and status. Served on the service's own port: only the edge is public, and it
 * routes an allow-list of paths that /metrics is not on.
 */
export function registerMetrics(app: FastifyInstance): void {
  const reg = metricsRegistry();
  http ??= new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route template (unmatched: no route), method and status, from arrival to the reply sent.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [reg],
  });
  const histogram = http;
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    histogram.observe({ method: req.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_req, reply) => reply.type(reg.contentType).send(await reg.metrics()));
}

type Sender = (...args: Parameters<Redis['sendCommand']>) => unknown;

/**
 * Counts a connection's (or a cluster client's) reconnects and times its commands (sent to the moment the reply
 * or error arrives, by command name). A command is timed only when written at once: one queued while the
 * connection was down would otherwise be timed from its first attempt. The cost is a clock read and a histogram
 * update per command.
 */
export function instrumentRedis(conn: Redis | Cluster): void {
  const reg = metricsRegistry();
  redisReconnects ??= new Counter({
    name: 'redis_reconnects_total',
    help: 'Reconnect attempts of this process\'s Redis connections, by connection name.',
    labelNames: ['connection'],
    registers: [reg],
  });
  redisCommands ??= new Histogram({
    name: 'redis_command_duration_seconds',
    help: 'Redis command round trips from this process, by command.',
    labelNames: ['command'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2],
    registers: [reg],
  });
  const reconnects = redisReconnects;
  const commands = redisCommands;
  const connection = (conn instanceof Cluster ? conn.options.redisOptions?.connectionName : conn.options.connectionName) ?? 'redis';
  conn.on('reconnecting', () => reconnects.inc({ connection }));
  const target = conn as { sendCommand: Sender };
  const send = target.sendCommand.bind(conn);
  target.sendCommand = (command, ...rest) => {
    if (conn.status !== 'ready') return send(command, ...rest);
    const start = performance.now();
    const done = () => commands.observe({ command: command.name }, (performance.now() - start) / 1000);
    command.promise.then(done, done);
    return send(command, ...rest);
  };
}
