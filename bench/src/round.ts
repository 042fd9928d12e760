import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Histogram } from './histogram.js';
import { placementOf, type BenchOptions, type Placement, type SystemName } from './options.js';
import { planRooms, roomTokenSigner } from './plan.js';
import { cpuMs, machineBusyMs, rssBytes, sum, writeSyscalls } from './proc-stats.js';
import { waitForQuiet } from './quiet.js';
import { readCommandStats, type RedisCommandStat } from './redis-stats.js';
import { loadRedisLib } from './stack-lib.js';
import { startMugharred } from './systems/mugharred.js';
import { startSocketIo, startWsRelay } from './systems/script-servers.js';
import type { RunningSystem, StartSystem } from './systems/system.js';
import { WorkerHandle } from './worker-handle.js';
import { sumOutcomes, type DeliveryOutcome, type DeliveryStats, type WorkerClient } from './worker-protocol.js';

const starters: Record<SystemName, StartSystem> = { mugharred: startMugharred, socketio: startSocketIo, wsrelay: startWsRelay };

export interface RoundResult extends DeliveryOutcome {
  system: SystemName;
  placement: Placement;
  clients: number;
  connectMs: number;
  /** CPU spent by servers, Redis and the generator during the connect phase. */
  connectCpuMs: { server: number; redis: number; generator: number };
  /** VmRSS of the server processes after connecting minus before, in bytes. */
  rssGrowth: number;
  /** Messages sent (warm-up included). */
  sent: number;
  /** Deliveries owed by and received for the messages of the measured window. */
  expectedDeliveries: number;
  deliveries: number;
  durationMs: number;
  latency: Histogram;
  ackLatency: Histogram;
  /** CPU over the measured window and the drain after it. */
  serverCpuMs: number;
  redisCpuMs: number;
  generatorCpuMs: number;
  /** Write syscalls of the servers and of redis-server in that window. */
  serverWrites: number;
  redisWrites: number;
  /** CPU the rest of the machine used in that window (other programs): high values make the round noisy. */
  otherCpuMs: number;
  /** Wall time of that CPU window. */
  cpuWindowMs: number;
  /** Cores other programs kept busy in the second before the round started (see quiet.ts). */
  otherCoresBefore: number;
  /** Redis INFO commandstats at the end of the round: where Redis spent its time, busiest first. */
  redisCommands: RedisCommandStat[];
  errors: Record<string, number>;
  closedEarly: number;
  /** The servers' last log lines, kept when the round saw errors or sockets closed early. */
  serverLogTail?: string;
}

/** Asks every server for heap report number `n` (diagnostics-preload.ts) and waits until all are written. */
async function snapshotHeaps(sut: RunningSystem, n: number): Promise<void> {
  const written = () => sut.output().split(`heap report ${n} written`).length - 1;
  for (const pid of sut.pids) process.kill(pid, 'SIGUSR2');
  for (let waited = 0; written() < sut.pids.length; waited += 100) {
    if (waited > 60_000) throw new Error('heap reports were not written within 60 s');
    await sleep(100);
  }
}

/** One round: a fresh private Redis, the system's servers, the generator processes, then every phase. */
export async function runRound(system: SystemName, opts: BenchOptions): Promise<RoundResult> {
  const otherCoresBefore = opts.quietWait > 0 ? await waitForQuiet(opts.quietCores, opts.quietWait * 1000) : Number.NaN;
  const { startPrivateRedis } = await loadRedisLib();
  const redis = await startPrivateRedis();
  const secret = randomBytes(32).toString('base64url');
  const placement = placementOf(system, opts);
  const plan = planRooms(opts, placement);
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
        perWorker[room.worker]!.push({ server: m.server, port: sut.ports[m.server]!, token: sign(room, m), roomId: room.roomId });
      }
    }

    // Connect phase: every generator opens its clients at once (connect + JWT check + join confirmed).
    if (opts.heapSnapshot ?? opts.heapSpaces) await snapshotHeaps(sut, 1);
    const rssBefore = sum(sut.pids, rssBytes);
    const cpuBeforeConnect = { server: sum(sut.pids, cpuMs), redis: cpuMs(redis.pid), gen: sum(workers.map((w) => w.pid), cpuMs) };
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
    const connectCpuMs = {
      server: sum(sut.pids, cpuMs) - cpuBeforeConnect.server,
      redis: cpuMs(redis.pid) - cpuBeforeConnect.redis,
      generator: sum(workers.map((w) => w.pid), cpuMs) - cpuBeforeConnect.gen,
    };
    const failed = connected.find((c) => c.failed > 0);
    if (failed) throw new Error(`${system}: ${failed.failed} clients failed to connect: ${failed.firstError}`);
    await sleep(opts.settle * 1000);
    const rssGrowth = sum(sut.pids, rssBytes) - rssBefore;
    if (opts.heapSnapshot ?? opts.heapSpaces) await snapshotHeaps(sut, 2);

    // Send phase: each generator's share of the rate follows its share of the clients.
    const warmupMs = opts.warmup * 1000;
    const durationMs = opts.duration * 1000;
    const serverPids = [...sut.pids];
    const sending = Promise.all(
      workers.map((w, i) =>
        w.request(
          {
            cmd: 'send',
            rate: (opts.rate * perWorker[i]!.length) / opts.clients,
            typingRate: (opts.typingRate * perWorker[i]!.length) / opts.clients,
            warmupMs,
            durationMs,
          },
          'sent',
        ),
      ),
    );
    await sleep(warmupMs);
    const snapshot = () => ({
      server: sum(serverPids, cpuMs),
      redis: cpuMs(redis.pid),
      serverWrites: sum(serverPids, writeSyscalls),
      redisWrites: writeSyscalls(redis.pid),
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
    const redisCommands = await readCommandStats(redis.url);

    const all = drained.map((d) => d.stats);
    const total = (f: (d: DeliveryStats) => number) => sum(all, f);
    const latency = new Histogram();
    const ackLatency = new Histogram();
    const errors: Record<string, number> = {};
    for (const stats of all) {
      latency.addPairs(stats.latency);
      ackLatency.addPairs(stats.ackLatency);
      for (const [code, n] of Object.entries(stats.errors)) errors[code] = (errors[code] ?? 0) + n;
    }
    const closedEarly = total((d) => d.closed);
    const troubled = closedEarly > 0 || Object.keys(errors).length > 0;
    return {
      system,
      placement,
      clients: opts.clients,
      connectMs,
      connectCpuMs,
      rssGrowth,
      sent: total((d) => d.sent),
      expectedDeliveries: total((d) => d.expectedMeasured),
      deliveries: total((d) => d.receivedMeasured),
      ...sumOutcomes(all),
      durationMs,
      latency,
      ackLatency,
      serverCpuMs: after.server - before.server,
      redisCpuMs: after.redis - before.redis,
      generatorCpuMs: after.gen - before.gen,
      serverWrites: after.serverWrites - before.serverWrites,
      redisWrites: after.redisWrites - before.redisWrites,
      otherCpuMs: after.machine - before.machine - sum(['server', 'redis', 'gen', 'self'] as const, (k) => after[k] - before[k]),
      cpuWindowMs,
      otherCoresBefore,
      redisCommands,
      errors,
      closedEarly,
      serverLogTail: troubled ? sut.output().split('\n').slice(-40).join('\n') : undefined,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await sut.stop();
    await redis.stop();
  }
}
