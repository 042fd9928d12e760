import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ERRORS, LIMITS, type ErrorCode } from '@mugharred/protocol';
import { checkRoomToken, clientAddress, errorBody, pathOnly, type BaseApp } from '@mugharred/service-kit';
import { AddressLimit } from '../address-limit.js';
import type { Gateway } from '../gateway.js';
import { gatewayMetrics } from '../metrics.js';

const WS_PATH = '/ws';
/** Set by the nginx edge (infra/nginx) to the `?room=` it hashed the upgrade by. */
const ROUTED_ROOM_HEADER = 'x-mugharred-routed-room';

/** The token from `?token=` (the seed's form) or from `Sec-WebSocket-Protocol: bearer, <jwt>`. */
function tokenOf(req: IncomingMessage, path: string): string | undefined {
  const q = new URLSearchParams((req.url ?? '').slice(path.length + 1)).get('token');
  if (q) return q;
  const protocols = req.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim());
  if (protocols?.[0] === 'bearer' && protocols[1]) return protocols[1];
  return undefined;
}

/**
 * Until ws owns the socket. Module-level on purpose: a closure made inside the upgrade handler would share its
 * scope and keep the request (headers and all) alive as long as the socket.
 */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/** An HTTP answer on the raw upgrade socket, in the same `{ error: { code, message } }` shape as every 4xx. */
function answer(socket: Duplex, code: ErrorCode, message: string = ERRORS[code].message): void {
  const status = ERRORS[code].status;
  gatewayMetrics.refused(code);
  const body = JSON.stringify(errorBody(code, message));
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * GET /ws: the upgrade only, handled on the HTTP server's `upgrade` event rather than through a Fastify route,
 * so a connection costs no request/reply objects (they were a third of a connection's CPU and stayed in memory).
 * Origin and token are checked before the upgrade completes: a refused request gets an HTTP answer
 * (403 / 401) and never a socket.
 */
export function registerWsRoute(
  app: BaseApp,
  gateway: Gateway,
  opts: { allowedOrigins: readonly string[]; trustProxy: number; connectionsPerAddress: number },
): void {
  const allowed = new Set(opts.allowedOrigins);
  // The gauges of open sockets and rooms read this gateway when Prometheus scrapes.
  gatewayMetrics.watch(gateway);
  const unauthenticated = new AddressLimit(app.server, opts.connectionsPerAddress, (address) =>
    app.log.warn({ event: 'abuse_close', reason: 'connections_per_address', ip: address }, 'connection refused'),
  );
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.frameMaxBytes,
    // Relays write ready frame bytes straight to the TCP socket beside ws (ws-frame.ts), which is only correct while
    // no frame is compressed: permessage-deflate must never be negotiated (ws's own default is off; this pins it).
    perMessageDeflate: false,
    // Answer the `bearer` subprotocol when the token came that way; browsers require the echo.
    handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
  });
  // The edge names the room it routed an upgrade by; only a trusted edge may say so (anyone can send headers).
  const routedByRoom = (req: IncomingMessage, roomId: string) => opts.trustProxy > 0 && req.headers[ROUTED_ROOM_HEADER] === roomId;
  const ipOf = (req: IncomingMessage) => clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], opts.trustProxy);

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', destroyOnError);
    // Draining: before anything else, so no socket is opened here again; the edge tries another replica on 503.
    if (gateway.draining) return answer(socket, 'draining');
    const path = pathOnly(req.url);
    if (path !== WS_PATH) return answer(socket, 'route_not_found', `No route GET ${path}`);
    const refuse = (code: ErrorCode, message?: string) => {
      const event = code === 'forbidden_origin' ? 'origin_refused' : 'token_refused';
      app.log.warn({ event, code, origin: req.headers.origin, ip: ipOf(req), url: WS_PATH }, 'upgrade refused');
      answer(socket, code, message);
    };
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) return refuse('forbidden_origin');
    const token = tokenOf(req, path);
    if (!token) return refuse('unauthorized', 'A room token is required');
    const res = checkRoomToken(gateway.jwt, token);
    if (!res.ok) return refuse(res.code);
    unauthenticated.authenticated(socket as Socket);
    const { claims } = res;
    // Counted before the 101, so once a socket is open it is known whether it may stay.
    void gateway.admit(claims.sub).then((conn) => {
      if (gateway.draining || !socket.readable || !socket.writable) {
        if (conn) gateway.unadmit(claims.sub, conn);
        if (gateway.draining && socket.writable) answer(socket, 'draining');
        else socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off('error', destroyOnError);
        // The fields cost a getpeername call: build them only when the line is written (pino's logger, which
        // Fastify's type does not show, has isLevelEnabled).
        if ((app.log as typeof app.log & { isLevelEnabled(level: string): boolean }).isLevelEnabled('info')) {
          app.log.info({ event: 'socket_opened', url: WS_PATH, ip: ipOf(req), userId: claims.sub, roomId: claims.roomId }, 'socket opened');
        }
        gateway.accept(ws, socket, claims, conn, routedByRoom(req, claims.roomId));
      });
    });
  });
  app.addHook('onClose', async () => wss.close());
}
