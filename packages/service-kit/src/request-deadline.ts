import type { BaseApp } from './base-app.js';
import { errorBody } from './errors.js';

/** The longest any HTTP request may take, rate limiter included: a stalled Redis answers 503 within it. */
export const REQUEST_DEADLINE_MS = 2000;

/**
 * One deadline per request, armed before anything else runs (the rate limiter waits on Redis too): a request
 * still unanswered when it passes gets 503 storage_unavailable. The reply is hijacked, so hooks and a handler
 * that were still waiting stop at their next step instead of answering twice; work already sent to Redis may
 * still complete (a room created after its 503 expires like any other).
 */
export function registerRequestDeadline(app: BaseApp, ms = REQUEST_DEADLINE_MS): void {
  app.addHook('onRequest', (req, reply, done) => {
    const timer = setTimeout(() => {
      if (reply.sent || reply.raw.headersSent) return;
      req.log.warn({ deadlineMs: ms, route: req.routeOptions.url }, 'request deadline passed');
      const body = JSON.stringify(errorBody('storage_unavailable'));
      reply.hijack();
      reply.raw.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      reply.raw.end(body);
    }, ms);
    reply.raw.once('close', () => clearTimeout(timer));
    done();
  });
}
