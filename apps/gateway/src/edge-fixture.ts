import { Redis } from 'ioredis';
import { freePort, startPrivateRedis, startService, type PrivateRedis, type ServiceProcess } from '@mugharred/testing';
import { channels } from '@mugharred/redis-schema';
// @ts-expect-error plain-JS launcher module without type declarations
import { startEdge } from '../../../scripts/lib/edge.mjs';
// @ts-expect-error plain-JS launcher module without type declarations
import { Supervisor } from '../../../scripts/lib/supervisor.mjs';
import { SECRET } from './gateway-fixture.js';

interface SupervisorHandle {
  services: ServiceProcess[];
  roll(): Promise<void>;
  stop(): Promise<void>;
}

export interface EdgeStack {
  server: PrivateRedis;
  redis: Redis;
  /** The nginx edge's port: sockets go to ws://127.0.0.1:<edgePort>/ws?room=... */
  edgePort: number;
  /** The supervisor of the gateways, as `npm start` runs it; what it said so far is in `said`. */
  supervisor: SupervisorHandle;
  said: string[];
  gateways(): ServiceProcess[];
  /** Subscribers of each room's channel: how many replicas serve it. */
  subscribersPerRoom(roomIds: string[]): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * A private Redis, `replicas` supervised gateway processes and the real nginx edge in front of them (rooms are
 * seeded straight into Redis, so auth-api and rooms-api are not needed; the edge's routes to them stay unused).
 */
export async function startEdgeStack(replicas: number, env: Record<string, string> = {}, opts: { supervise?: boolean } = {}): Promise<EdgeStack> {
  const server = await startPrivateRedis();
  const redis = new Redis(server.url);
  const started: ServiceProcess[] = [];
  let edge: { stop(): Promise<void> } | undefined;
  try {
    for (let i = 1; i <= replicas; i++) {
      // TRUST_PROXY as production runs the gateways behind the edge (scripts/start.mjs): the edge is the trusted hop.
      const vars = { REDIS_URL: server.url, JWT_SECRET: SECRET, REPLICA_ID: `gateway-${i}`, LOG_LEVEL: 'warn', TRUST_PROXY: 'true', ...env };
      started.push(await startService('gateway', await freePort(), vars, { name: `gateway-${i}` }));
    }
    const edgePort = await freePort();
    const urls = started.map((g) => g.url);
    edge = (await startEdge({ port: edgePort, authUrl: urls[0], roomsUrl: urls[0], gatewayUrls: urls, stdio: 'pipe' })) as { stop(): Promise<void> };
    const said: string[] = [];
    // Unsupervised, a stopped replica stays stopped (a scale-down).
    const supervisor: SupervisorHandle =
      opts.supervise === false
        ? { services: started, roll: () => Promise.reject(new Error('not supervised')), stop: async () => void (await Promise.all(started.map((g) => g.stop()))) }
        : (new Supervisor(started, { say: (line: string) => said.push(line) }) as SupervisorHandle);
    const running = edge;
    return {
      server,
      redis,
      edgePort,
      supervisor,
      said,
      gateways: () => supervisor.services,
      subscribersPerRoom: async (roomIds) => {
        // Rooms' channels are sharded (SSUBSCRIBE), so they are counted by SHARDNUMSUB.
        const flat = (await redis.call('PUBSUB', 'SHARDNUMSUB', ...roomIds.map((id) => channels.room(id)))) as (string | number)[];
        return roomIds.map((_, i) => Number(flat[i * 2 + 1]));
      },
      stop: async () => {
        await running.stop();
        await supervisor.stop();
        redis.disconnect();
        await server.stop();
      },
    };
  } catch (err) {
    await edge?.stop();
    await Promise.all(started.map((g) => g.stop()));
    redis.disconnect();
    await server.stop();
    throw err;
  }
}
