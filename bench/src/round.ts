import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Histogram } from './histogram.js';
import type { BenchOptions, SystemName } from './options.js';
import { planRooms, roomTokenSigner } from './plan.js';
import { cpuMs, machineBusyMs, rssBytes, sum } from './proc-stats.js';
import { loadRedisLib } from './stack-lib.js';
import { startMugharred } from './systems/mugharred.js';
import { startSocketIo } from './systems/socketio.js';
import type { StartSystem } from './systems/system.js';
import { WorkerHandle } from './worker-handle.js';
import type { WorkerClient } from './worker-protocol.js';

const starters: Record<SystemName, StartSystem> = { mugharred: startMugharred, socketio: startSocketIo };

/** After the connect phase: presence broadcasts of the join storm finish and RSS settles before it is read. */
const SETTLE_MS = 1000;

export interface RoundResult {
  system: SystemName;
  clients: number;
  connectMs: number;
  /** VmRSS of both server processes after connecting minus before, in bytes. */
  rssGrowth: number;
  /** Messages sent in the measured window and their deliveries. */
  sent: number;
  expectedDeliveries: number;
  deliveries: number;
  /** Deliveries owed minus received, over the whole send phase (warm-up included). */
  lost: number;
  durationMs: number;
  latency: Histogram;
  /** CPU over the measured window and the drain after it. */
  serverCpuMs: number;
  redisCpuMs: number;
  generatorCpuMs: number;
  /** CPU the rest of the machine used in that window (other programs): high values make the round noisy. */
  otherCpuMs: number;
  /** Wall time of that CPU window. */
  cpuWindowMs: number;
  errors: Record<string, number>;
  closedEarly: number;
}

/** One round: a fresh private Redis, the system's two servers, the generator processes, then every phase. */
export async function runRound(system: SystemName, opts: BenchOptions): Promise<RoundResult> {
  const { startPrivateRedis } = await loadRedisLib();
  const redis = await startPrivateRedis();
  const secret = randomBytes(32).toString('base64url');
  const plan = planRooms(opts);
  let sut;
  try {
    sut = await starters[system]({ redisUrl: redis.url, secret, plan, opts });
  } catch (err) {
    await redis.stop();
    throw err;
  }
  const workers = Array.from({ length: opts.workers }, () => new WorkerHandle());
  try {
    await Promise.all(workers.map((w) => w.ready));
    const sign = roomTokenSigner(secret);
    const perWorker: WorkerClient[][] = workers.map(() => []);
    for (const room of plan) {
      for (const m of room.members) {
        perWorker[room.worker]!.push({ port: sut.ports[m.server], token: sign(room, m), roomId: room.roomId });
      }
    }

    // Connect phase: every generator opens its clients at once (connect + JWT check + join confirmed).
    const rssBefore = sum(sut.pids, rssBytes);
    const connectStart = performance.now();
    const connected = await Promise.all(
      workers.map((w, i) =>
        w.request(
          {
            cmd: 'connect',
            system,
            clients: perWorker[i]!,
            concurrency: opts.connectConcurrency,
            textLength: opts.textLength,
          },
          'connected',
        ),
      ),
    );
    const connectMs = performance.now() - connectStart;
    const failed = connected.find((c) => c.failed > 0);
    if (failed) throw new Error(`${system}: ${failed.failed} clients failed to connect: ${failed.firstError}`);
    await sleep(SETTLE_MS);
    const rssGrowth = sum(sut.pids, rssBytes) - rssBefore;

    // Send phase: each generator's share of the rate follows its share of the clients.
    const warmupMs = opts.warmup * 1000;
    const durationMs = opts.duration * 1000;
    const serverPids = [...sut.pids];
    const sending = Promise.all(
      workers.map((w, i) =>
        w.request({ cmd: 'send', rate: (opts.rate * perWorker[i]!.length) / opts.clients, warmupMs, durationMs }, 'sent'),
      ),
    );
    await sleep(warmupMs);
    const snapshot = () => ({
      server: sum(serverPids, cpuMs),
      redis: cpuMs(redis.pid),
      gen: sum(workers.map((w) => w.pid), cpuMs),
      self: cpuMs(process.pid),
      machine: machineBusyMs(),
    });
    const before = snapshot();
    const windowStart = performance.now();
    await sending;
    const drained = await Promise.all(workers.map((w) => w.request({ cmd: 'drain', timeoutMs: opts.drainTimeout * 1000 }, 'drained')));
    const cpuWindowMs = performance.now() - windowStart;
    const after = snapshot();

    const latency = new Histogram();
    const errors: Record<string, number> = {};
    let [sent, expectedDeliveries, deliveries, lost, closedEarly] = [0, 0, 0, 0, 0];
    for (const { stats } of drained) {
      latency.addPairs(stats.latency);
      sent += stats.sent;
      expectedDeliveries += stats.expectedMeasured;
      deliveries += stats.receivedMeasured;
      lost += stats.expected - stats.received;
      closedEarly += stats.closed;
      for (const [code, n] of Object.entries(stats.errors)) errors[code] = (errors[code] ?? 0) + n;
    }
    return {
      system,
      clients: opts.clients,
      connectMs,
      rssGrowth,
      sent,
      expectedDeliveries,
      deliveries,
      lost,
      durationMs,
      latency,
      serverCpuMs: after.server - before.server,
      redisCpuMs: after.redis - before.redis,
      generatorCpuMs: after.gen - before.gen,
      otherCpuMs: after.machine - before.machine - sum(['server', 'redis', 'gen', 'self'] as const, (k) => after[k] - before[k]),
      cpuWindowMs,
      errors,
      closedEarly,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await sut.stop();
    await redis.stop();
  }
}
