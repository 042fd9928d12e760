import Fastify, { type FastifyError } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LIMITS } from '@mugharred/protocol';
import { AppError, errorBody } from './errors.js';
import { StorageUnavailable } from './storage-unavailable.js';
import { loggerOptions } from './logger.js';
import { registerMetrics } from './metrics.js';

export interface BaseAppOptions {
  service: string;
  logLevel: string;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** Proxy hops in front (nginx: 1) trusted to report client IPs in X-Forwarded-For; 0 or absent: none. */
  trustProxy?: number;
  /** Time a client has to send a whole request head (and request), at most 10 s; see HEADER_TIMEOUT_MS. */
  headerTimeoutMs?: number;
}

/** The longest a client may take to send its request headers: Node's own default (60 s) lets slowloris hold sockets. */
const HEADER_TIMEOUT_MS = 10_000;

/**
 * A Fastify instance with what every service shares: logging without tokens, schema validation without type
 * coercion (a number where a string belongs is a 400), a body size limit, one error shape for every 4xx/5xx, and
 * GET /metrics with the process's metrics and this app's request latency.
 */
export function createBaseApp(opts: BaseAppOptions) {
  const hops = opts.trustProxy ?? 0;
  const headersTimeout = Math.min(opts.headerTimeoutMs ?? HEADER_TIMEOUT_MS, HEADER_TIMEOUT_MS);
  const app = Fastify({
    logger: loggerOptions(opts.service, opts.logLevel),
    bodyLimit: opts.bodyLimit ?? LIMITS.httpBodyMaxBytes,
    // Node checks these timeouts on a timer (every 30 s by default); once a second keeps the bound close to exact.
    http: { headersTimeout, requestTimeout: headersTimeout, connectionsCheckingInterval: 1000 },
    requestTimeout: headersTimeout,
    // A hop count, never `true`: Fastify's `true` takes the leftmost X-Forwarded-For entry, which the client wrote.
    trustProxy: (_address: string, hop: number) => hop < hops,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof StorageUnavailable) req.log.warn({ err: err.cause }, 'storage unavailable');
    if (err instanceof AppError) return reply.code(err.statusCode).send(errorBody(err.code, err.message));
    if (err.validation) {
      return reply.code(400).send(errorBody('invalid_body', `${err.validationContext ?? 'body'}${err.message.replace(/^body/, '')}`));
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(errorBody('payload_too_large'));
    if (status === 429) return reply.code(429).send(errorBody('rate_limited', err.message));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('invalid_body', err.message));
    req.log.error({ err }, 'request failed');
    return reply.code(500).send(errorBody('internal'));
  });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody('route_not_found', `No route ${req.method} ${req.url.split('?')[0]}`)),
  );

  registerMetrics(app);
  return app;
}

export type BaseApp = ReturnType<typeof createBaseApp>;
