import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { appendMessage } from '../../../packages/redis-schema/src/index.js';
import { decodeToken, isEvent, Redis, TestSocket } from '../../../packages/testing/src/index.js';
import { expectStillServing, makeRoom, post, replicaUrl } from '../support/room.js';
import type { HostileStack } from '../support/stack.js';

const HEADER_TIMEOUT_MS = 3000;

/**
 * The stack these cases need: production limits for logins, creates and joins (the per-address cases count them),
 * short bounds elsewhere so the cases take seconds. The edge's own header timeout is production's 10 s.
 */
export const LIMITS_STACK_ENV = {
  HEADER_TIMEOUT_MS: String(HEADER_TIMEOUT_MS),
  UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS: '20',
  MAX_SOCKETS_PER_USER: '3',
  SEND_BUFFER_MAX_BYTES: '262144',
};

/** Where this file's rooms are set up from: not the edge's address, whose budgets the cases spend. */
const SETUP = '192.0.2.1';

/** A connection that starts an upgrade request and then sends one byte every `everyMs`, never finishing it. */
function slowloris(port: number, everyMs = 500): Promise<{ socket: Socket; closedAfterMs: () => number | null }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const started = Date.now();
    let closedAt: number | null = null;
    socket.on('close', () => (closedAt = Date.now()));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      const head = 'GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Slow: ';
      socket.write(head);
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('a')), everyMs);
      resolve({ socket, closedAfterMs: () => (closedAt === null ? null : closedAt - started) });
    });
    socket.once('error', reject);
  });
}

/** `count` requests through the edge, each claiming another client address in X-Forwarded-For; their statuses. */
async function spoofed(stack: HostileStack, count: number, path: string, body: (n: number) => unknown): Promise<number[]> {
  const statuses: number[] = [];
  for (let n = 1; n <= count; n++) {
    statuses.push((await post(stack, path, body(n), { headers: { 'X-Forwarded-For': `203.0.113.${n % 250}` } })).status);
  }
  return statuses;
}

/** Per-address limits against spoofed X-Forwarded-For, sockets per user, slow headers, slow consumers. */
export function limitCases(stack: HostileStack): void {
  describe('per-address limits: the client cannot pick its own address', () => {
    it('counts 32 logins with 32 different X-Forwarded-For values as one address: 429 after the limit of 30', async () => {
      const statuses = await spoofed(stack, 32, '/api/login', (n) => ({ name: `Spoof ${n}` }));
      expect(statuses.filter((s) => s === 200)).toHaveLength(30);
      expect(statuses.slice(30)).toEqual([429, 429]);
    });

    it('counts creates and joins the same way', async () => {
      const room = await makeRoom(stack, { maxParticipants: 50, fromAddress: SETUP });
      const creates = await spoofed(stack, 21, '/api/create-room', (n) => ({ name: 'Spoofed', maxParticipants: 2, duration: 15, hostName: `H${n}` }));
      expect(creates.filter((s) => s === 200)).toHaveLength(20);
      expect(creates.at(-1)).toBe(429);
      const joins = await spoofed(stack, 121, '/api/join-room', (n) => ({ roomId: room.roomId, participantName: `J${n}` }));
      // 120 joins a minute per address (past the room's 50 places they are refused as full, and still counted).
      expect(joins.filter((s) => s === 429)).toEqual([429]);
      expect(joins.at(-1)).toBe(429);
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('sockets per user', () => {
    it('counts sockets that never joined, on every replica: the 4th socket of one user is closed with 4003 while 3 sit unjoined', async () => {
      const room = await makeRoom(stack, { fromAddress: SETUP });
      const joined = await room.join('Many');
      const [url, otherUrl] = stack.gateways.map((gw) => replicaUrl(gw, joined));
      const idle = [await TestSocket.open(url!), await TestSocket.open(url!), await TestSocket.open(otherUrl!)];
      for (const extra of [await TestSocket.open(otherUrl!), await TestSocket.open(url!)]) expect(await extra.closed()).toBe(4003);
      for (const s of idle) expect(s.closeCode).toBeNull();
      for (const s of idle) s.close();
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('slow headers', () => {
    it(`closes connections that trickle their headers: a gateway within ${HEADER_TIMEOUT_MS / 1000} s, the edge within 10 s, and caps them per address`, async () => {
      const room = await makeRoom(stack, { fromAddress: SETUP });
      const gw = stack.gateways[1]!;
      const onGateway = await Promise.all(Array.from({ length: 25 }, () => slowloris(gw.port)));
      const onEdge = await Promise.all(Array.from({ length: 10 }, () => slowloris(stack.edgePort)));
      await new Promise((r) => setTimeout(r, 300));
      // Past 20 unauthenticated connections from one address, the gateway drops the rest at once.
      expect(onGateway.filter((c) => c.closedAfterMs() !== null).length).toBeGreaterThanOrEqual(5);
      await expect.poll(() => onGateway.every((c) => c.closedAfterMs() !== null), { timeout: HEADER_TIMEOUT_MS + 3000 }).toBe(true);
      for (const c of onGateway) expect(c.closedAfterMs()!).toBeLessThan(HEADER_TIMEOUT_MS + 2500);
      await expect.poll(() => onEdge.every((c) => c.closedAfterMs() !== null), { timeout: 14_000 }).toBe(true);
      for (const c of onEdge) expect(c.closedAfterMs()!).toBeLessThan(12_500);
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('slow consumers', () => {
    it('sends 4002 ahead of the backlog: a client dropped for reading too slowly learns why once it reads again', async () => {
      const room = await makeRoom(stack, { fromAddress: SETUP });
      const gw = stack.gateways[0]!;
      const slow = await TestSocket.open(replicaUrl(gw, await room.join('Sloth')));
      slow.send({ type: 'join_room', roomId: room.roomId });
      await slow.next(isEvent('joined'));
      (slow.ws as unknown as { _socket: Socket })._socket.pause();
      const redis = new Redis(stack.redis.url);
      const hostId = decodeToken(room.hostToken).sub as string;
      const text = 'z'.repeat(2000);
      // Many people talking at once, straight into Redis: no per-user budget stands in the way.
      for (let i = 0; i < 6000 && !gw.output().includes('slow_consumer'); i++) {
        await appendMessage(redis, { roomId: room.roomId, userId: hostId, name: 'Hosna', clientMsgId: `c${i}`, text }, { perSecond: 1e6, burst: 1e6 }).catch(() => undefined);
      }
      redis.disconnect();
      expect(gw.output()).toContain('slow_consumer');
      (slow.ws as unknown as { _socket: Socket })._socket.resume();
      expect(await slow.closed(10_000)).toBe(4002);
      expect(slow.closeReason).toBe('too slow');
      await expectStillServing(stack, room);
      room.close();
    }, 90_000);
  });
}
