/**
 * The reference the benchmark compares against: what a team would write with Socket.IO 4.8 and
 * @socket.io/redis-adapter instead of Mugharred. Same Redis, same HS256 tokens and claims, clients join the
 * room of their token and every message goes to the whole room, the sender included. No storage, numbering
 * or dedup: only the relay. Env: PORT, REDIS_URL, JWT_SECRET. Prints `listening <port>` once ready.
 */
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createVerifier } from 'fast-jwt';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { LIMITS, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, type RoomClaims } from '@mugharred/protocol';

const port = Number(process.env.PORT);
const secret = process.env.JWT_SECRET ?? '';
const pub = new Redis(process.env.REDIS_URL ?? '');
const sub = pub.duplicate();
const verify = createVerifier({
  key: secret,
  algorithms: [TOKEN_ALGORITHM],
  allowedIss: TOKEN_ISSUER,
  allowedAud: TOKEN_AUDIENCE,
});

const http = createServer();
const io = new Server(http, { transports: ['websocket'], adapter: createAdapter(pub, sub) });

// JWT checked when the client connects, as the Socket.IO docs recommend (auth payload, not the query string).
io.use((socket, next) => {
  try {
    const claims = verify(String(socket.handshake.auth.token)) as RoomClaims;
    if (typeof claims.roomId !== 'string') throw new Error('room token required');
    socket.data.claims = claims;
    next();
  } catch {
    next(new Error('unauthorized'));
  }
});

io.on('connection', (socket) => {
  const claims = socket.data.claims as RoomClaims;
  socket.on('join_room', (roomId: unknown, ack: unknown) => {
    const ok = roomId === claims.roomId;
    if (ok) void socket.join(claims.roomId);
    if (typeof ack === 'function') ack(ok);
  });
  socket.on('send_message', (msg: { roomId?: unknown; text?: unknown }) => {
    const { roomId, text } = msg ?? {};
    if (roomId !== claims.roomId || !socket.rooms.has(roomId)) return;
    if (typeof text !== 'string' || text.length < 1 || text.length > LIMITS.messageTextMax) return;
    io.to(roomId).emit('message', { userId: claims.sub, name: claims.name, text, ts: Date.now() });
  });
});

http.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));

process.once('SIGTERM', () => {
  void io.close().finally(() => {
    pub.disconnect();
    sub.disconnect();
    process.exit(0);
  });
});
