import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoomClaims } from '@mugharred/protocol';
import { checkRoomToken, errorBody, type BaseApp } from '@mugharred/service-kit';
import type { Gateway } from '../gateway.js';

declare module 'fastify' {
  interface FastifyRequest {
    roomClaims?: RoomClaims & { exp: number };
  }
}

/** The token from `?token=` (the seed's form) or from `Sec-WebSocket-Protocol: bearer, <jwt>`. */
function tokenOf(req: FastifyRequest): string | undefined {
  const q = (req.query as { token?: unknown }).token;
  if (typeof q === 'string' && q) return q;
  const protocols = req.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim());
  if (protocols?.[0] === 'bearer' && protocols[1]) return protocols[1];
  return undefined;
}

/**
 * GET /ws: the upgrade only. Origin and token are checked before the upgrade completes, so a refused
 * request gets an HTTP answer (403 / 401) and never a socket.
 */
export function registerWsRoute(app: BaseApp, gateway: Gateway, allowedOrigins: readonly string[]): void {
  const allowed = new Set(allowedOrigins);
  const refuse = (req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string) => {
    req.log.warn({ event: code === 'forbidden_origin' ? 'origin_refused' : 'token_refused', code, origin: req.headers.origin }, 'upgrade refused');
    return reply.code(status).send(errorBody(code, message));
  };

  app.get(
    '/ws',
    {
      websocket: true,
      preValidation: async (req, reply) => {
        const origin = req.headers.origin;
        if (origin !== undefined && !allowed.has(origin)) {
          return refuse(req, reply, 403, 'forbidden_origin', 'This origin may not open a socket');
        }
        const token = tokenOf(req);
        if (!token) return refuse(req, reply, 401, 'unauthorized', 'A room token is required');
        const res = checkRoomToken(gateway.jwt, token);
        if (!res.ok) return refuse(req, reply, 401, res.code, res.code === 'token_expired' ? 'The token has expired' : 'The token is not valid');
        req.roomClaims = res.claims;
      },
    },
    (socket, req) => {
      const claims = req.roomClaims!;
      gateway.accept(socket, claims, req.log.child({ userId: claims.sub, roomId: claims.roomId }));
    },
  );
}
