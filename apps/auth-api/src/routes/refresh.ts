import { RefreshReply, type TokenClaims } from '@mugharred/protocol';
import { getMember, getRoom, type RedisClient } from '@mugharred/redis-schema';
import { AppError, perMinute, requestClaims, type BaseApp } from '@mugharred/service-kit';

/**
 * POST /api/refresh (Authorization: Bearer): a fresh 1-hour token with the same claims. A room token is renewed
 * only while its holder is still a member of the live room, so a kicked user cannot keep a room token alive.
 */
export function registerRefresh(app: BaseApp, redis: RedisClient, ratePerMinute: number): void {
  app.post('/api/refresh', { schema: { response: { 200: RefreshReply } }, config: perMinute(ratePerMinute) }, async (req) => {
    const claims = requestClaims(req);
    if (!claims) throw new AppError('unauthorized', 'Send the token to refresh as "Authorization: Bearer <token>"');
    // Only the claims of the token's own kind are carried over: a refresh never turns one kind into another.
    let fresh: TokenClaims = { kind: 'login', sub: claims.sub, name: claims.name };
    if (claims.kind === 'room') {
      await assertStillMember(redis, claims.roomId, claims.sub);
      fresh = { kind: 'room', sub: claims.sub, name: claims.name, roomId: claims.roomId, role: claims.role };
    }
    return { token: app.jwt.sign(fresh) };
  });
}

async function assertStillMember(redis: RedisClient, roomId: string, userId: string): Promise<void> {
  const [room, member] = await Promise.all([getRoom(redis, roomId), getMember(redis, roomId, userId)]);
  if (!room || room.expiresAt <= Date.now()) throw new AppError('room_not_found', 'The room has ended or expired');
  if (!member) throw new AppError('not_member', 'You are no longer a member of this room');
}
