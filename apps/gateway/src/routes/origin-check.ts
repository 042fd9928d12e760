import { AppError, type BaseApp } from '@mugharred/service-kit';

/**
 * POST /ws (a plain request, not an upgrade): whether the calling page's Origin may open a socket. A refused
 * upgrade is invisible to a page (the browser reports only "closed"), so the web app asks here before it
 * calls a failure a network drop. POST, because browsers send Origin on same-origin POSTs but not on GETs.
 * 204 when the origin may connect (or sent none), 403 forbidden_origin when it may not.
 */
export function registerOriginCheck(app: BaseApp, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  app.post('/ws', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) {
      throw new AppError('forbidden_origin', 'This origin may not open a socket');
    }
    return reply.code(204).send();
  });
}
