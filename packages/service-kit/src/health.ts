import type { RedisClient } from '@mugharred/redis-schema';
import { readHealthStats } from '@mugharred/redis-schema';
import type { BaseApp } from './base-app.js';

const startedAt = Date.now();

/**
 * GET /health in the seed's form plus the service's own fields. 503 `degraded` when Redis does not answer.
 * Counts come from the worker's metrics job, so every service reports the same numbers cheaply.
 */
export function registerHealth(
  app: BaseApp,
  service: string,
  redis: RedisClient,
  extra: () => Record<string, unknown> = () => ({}),
): void {
  app.get('/health', async (_req, reply) => {
    const base = { service, auth: 'jwt', storage: 'redis', uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000) };
    try {
      await redis.ping();
      const s = await readHealthStats(redis);
      return {
        status: 'ok',
        ...base,
        rooms: s.rooms,
        participants: s.participants,
        online: s.online,
        messagesPerMinute: s.messagesPerMinute,
        statsUpdatedAt: s.updatedAt,
        ...extra(),
      };
    } catch {
      return reply.code(503).send({ status: 'degraded', ...base, rooms: 0, participants: 0, messagesPerMinute: 0, ...extra() });
    }
  });
}
