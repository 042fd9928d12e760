import { describe, expect, it } from 'vitest';
import { decodeToken, forgeToken, TestSocket, UpgradeRefused } from '../../../packages/testing/src/index.js';
import { expectStillServing, makeRoom, post, wsUrlOf } from '../support/room.js';
import { expectRefusedToStart, type HostileStack } from '../support/stack.js';


/** The HTTP status an upgrade through the edge gets with this token (101 when a socket opens). */
async function upgradeStatus(stack: HostileStack, token: string): Promise<number> {
  try {
    const socket = await TestSocket.open(wsUrlOf(stack, token));
    socket.close();
    return 101;
  } catch (err) {
    if (err instanceof UpgradeRefused) return err.status;
    throw err;
  }
}

/** Token forgeries and claim gaps at every verifier, token kinds, a guessable secret. */
export function tokenCases(stack: HostileStack): void {
  describe('tokens signed with the right key but missing a required claim (RFC 8725 3.11-3.12)', () => {
    it.each(['exp', 'iss', 'aud', 'kind'])('refuses a token without %s at every verifier: socket, refresh, host controls', async (claim) => {
      const room = await makeRoom(stack);
      const host = decodeToken(room.hostToken);
      const forged = forgeToken({ sub: host.sub, name: host.name, roomId: room.roomId, role: 'host' }, { secret: stack.backend.jwtSecret, omit: [claim] });
      expect(decodeToken(forged)).not.toHaveProperty(claim);
      expect(await upgradeStatus(stack, forged)).toBe(401);
      const refreshed = await post(stack, '/api/refresh', undefined, { token: forged });
      expect(refreshed.status).toBe(401);
      expect(refreshed.json.error?.code).toBe('invalid_token');
      const lock = await post(stack, `/api/rooms/${room.roomId}/lock`, undefined, { token: forged });
      expect(lock.status).toBe(401);
      await expectStillServing(stack, room);
      room.close();
    });
  });

  describe('token kinds are mutually exclusive', () => {
    it('never takes a login token for a room token, even one carrying room claims, nor a token of an unknown kind', async () => {
      const room = await makeRoom(stack);
      const host = decodeToken(room.hostToken);
      const secret = stack.backend.jwtSecret;
      const claims = { sub: host.sub, name: host.name, roomId: room.roomId, role: 'host' };
      const loginKind = forgeToken({ ...claims, kind: 'login' }, { secret });
      expect(await upgradeStatus(stack, loginKind)).toBe(401);
      expect((await post(stack, `/api/rooms/${room.roomId}/lock`, undefined, { token: loginKind })).status).toBe(403);
      const unknownKind = forgeToken({ ...claims, kind: 'admin' }, { secret });
      expect(await upgradeStatus(stack, unknownKind)).toBe(401);
      expect((await post(stack, '/api/refresh', undefined, { token: unknownKind })).status).toBe(401);
      const roomKindWithoutRoom = forgeToken({ sub: host.sub, name: host.name, kind: 'room' }, { secret });
      expect(await upgradeStatus(stack, roomKindWithoutRoom)).toBe(401);
      await expectStillServing(stack, room);
      room.close();
    });

    it('refreshes each kind into the same kind only', async () => {
      const login = await post(stack, '/api/login', { name: 'Kinda' });
      const fresh = await post(stack, '/api/refresh', undefined, { token: login.json.token as string });
      expect(decodeToken(fresh.json.token as string)).toMatchObject({ kind: 'login' });
      expect(decodeToken(fresh.json.token as string)).not.toHaveProperty('roomId');
      const room = await makeRoom(stack);
      const freshRoom = await post(stack, '/api/refresh', undefined, { token: room.hostToken });
      expect(decodeToken(freshRoom.json.token as string)).toMatchObject({ kind: 'room', roomId: room.roomId, role: 'host' });
      room.close();
    });
  });

  describe('a guessable JWT_SECRET', () => {
    it('keeps the services from starting when the secret is long but one word repeated, and says why', async () => {
      const env = { REDIS_URL: stack.redis.url, JWT_SECRET: 'mugharred'.repeat(5) };
      // The gateway and an HTTP API (every service reads the secret through service-kit's loadConfig).
      await expectRefusedToStart(['auth-api', 'gateway'], env, /JWT_SECRET is long but guessable/);
    });
  });
}
