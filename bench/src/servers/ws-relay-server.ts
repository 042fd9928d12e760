/**
 * The floor the benchmark compares against: a bare relay on ws + ioredis, what the least a room chat needs
 * costs. Same HS256 token checked at the upgrade (in the query string, as Mugharred takes it), `join_room`
 * answered with a `joined` room_event, and every `send_message` PUBLISHed to the room's channel; each process
 * subscribed to the room writes it to its own members, the sender included. It speaks just enough of
 * Mugharred's wire for the same client to drive it. No storage, numbering, dedup, budget, presence or
 * acknowledgement. Env: PORT, REDIS_URL, JWT_SECRET. Prints `listening <port>` once ready.
 */
import { createServer } from 'node:http';
import { createVerifier } from 'fast-jwt';
import { Redis } from 'ioredis';
import { WebSocketServer, type WebSocket } from 'ws';
import { LIMITS, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, type RoomClaims } from '@mugharred/protocol';

const port = Number(process.env.PORT);
const pub = new Redis(process.env.REDIS_URL ?? '');
const sub = pub.duplicate();
const verify = createVerifier({
  key: process.env.JWT_SECRET ?? '',
  algorithms: [TOKEN_ALGORITHM],
  allowedIss: TOKEN_ISSUER,
  allowedAud: TOKEN_AUDIENCE,
});

const CHANNEL_PREFIX = 'relay:';
/** This process's members of each room it is subscribed to. */
const rooms = new Map<string, Set<WebSocket>>();

sub.on('messageBuffer', (channel: Buffer, frame: Buffer) => {
  const members = rooms.get(channel.toString().slice(CHANNEL_PREFIX.length));
  if (members) for (const ws of members) ws.send(frame, { binary: false });
});

async function join(ws: WebSocket, roomId: string): Promise<void> {
  let members = rooms.get(roomId);
  if (!members) {
    members = new Set();
    rooms.set(roomId, members);
    await sub.subscribe(CHANNEL_PREFIX + roomId);
  }
  members.add(ws);
  ws.send(JSON.stringify({ type: 'room_event', roomId, event: 'joined' }));
}

function onFrame(ws: WebSocket, claims: RoomClaims, data: Buffer): void {
  let frame: { type?: unknown; roomId?: unknown; text?: unknown };
  try {
    frame = JSON.parse(data.toString()) as typeof frame;
  } catch {
    return;
  }
  if (frame.roomId !== claims.roomId) return;
  if (frame.type === 'join_room') void join(ws, claims.roomId);
  else if (frame.type === 'send_message') {
    const { text } = frame;
    if (!rooms.get(claims.roomId)?.has(ws)) return;
    if (typeof text !== 'string' || text.length < 1 || text.length > LIMITS.messageTextMax) return;
    const message = { userId: claims.sub, name: claims.name, text, ts: Date.now() };
    void pub.publish(CHANNEL_PREFIX + claims.roomId, JSON.stringify({ type: 'room_event', roomId: claims.roomId, event: 'message', message }));
  }
}

const http = createServer();
const wss = new WebSocketServer({ noServer: true });
http.on('upgrade', (req, socket, head) => {
  let claims: RoomClaims;
  try {
    claims = verify(new URL(req.url ?? '', 'http://x').searchParams.get('token') ?? '') as RoomClaims;
    if (typeof claims.roomId !== 'string') throw new Error('room token required');
  } catch {
    socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('message', (data) => onFrame(ws, claims, data as Buffer));
    ws.on('close', () => rooms.get(claims.roomId)?.delete(ws));
  });
});

http.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));

process.once('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  http.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});
