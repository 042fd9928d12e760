/**
 * `npm run bench -- reconnect-storm`: members joined over two gateway replicas; one replica is killed (SIGKILL)
 * and each of its members reconnects to the other as the web app does: with its room token (no call to auth-api,
 * so auth-api is not stormed), after the app's jittered backoff (apps/web/src/lib/backoff.ts: the n-th failed
 * try waits between half and all of min(10 s, base x 2^n)). Reports how long until all are back, each member's
 * time from drop to joined again, the tries that failed, and the surviving replica's event-loop lag and CPU.
 */
import { parseArgs } from 'node:util';
import { cpuMs } from '../proc-stats.js';
import { failures, join, pool, spread, type Joined } from './run-clients.js';
import { eventLoopLag, machineBusyMs, sleep, startGatewayRun, type Seat } from './run-stack.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    clients: { type: 'string', default: '2000' },
    'room-size': { type: 'string', default: '20' },
    'backoff-base': { type: 'string', default: '500' },
  },
});
const base = Number(values['backoff-base']);
const backoff = (attempt: number) => {
  const ceiling = Math.min(10_000, base * 2 ** Math.min(attempt, 16));
  return ceiling / 2 + Math.random() * (ceiling / 2);
};

const run = await startGatewayRun(Number(values.clients), Number(values['room-size']));
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  const results = await pool(run.seats, 100, (seat) => join(seat));
  const joined = results.map((r, i) => ({ seat: run.seats[i]!, socket: r })).filter((x): x is { seat: Seat; socket: Joined } => !(x.socket instanceof Error));
  const movers = joined.filter((x) => x.seat.server === 1);
  const survivor = { port: run.system.ports[0]!, pid: run.system.pids[0]! };
  const survivorUrl = `http://127.0.0.1:${survivor.port}`;
  await sleep(2000);
  await eventLoopLag(survivorUrl);

  const failedTries: Error[] = [];
  const back: number[] = [];
  /** Drop to joined again, for one member of the killed replica. */
  const reconnect = async (seat: Seat, droppedAt: number) => {
    for (let attempt = 0; ; attempt++) {
      await sleep(backoff(attempt));
      try {
        const again = await join(seat, survivor.port, 15_000);
        back.push(performance.now() - droppedAt);
        return again;
      } catch (err) {
        failedTries.push(err as Error);
      }
    }
  };
  const cpu0 = cpuMs(survivor.pid);
  const redisCpu0 = cpuMs(run.redis.pid);
  const busy0 = machineBusyMs();
  const t0 = performance.now();
  process.kill(run.system.pids[1]!, 'SIGKILL');
  const rejoined = await Promise.all(movers.map(async ({ seat, socket }) => reconnect(seat, (await socket.closed, performance.now()))));
  const wallMs = performance.now() - t0;
  const lag = await eventLoopLag(survivorUrl);
  const cpu = cpuMs(survivor.pid) - cpu0;
  const redisCpu = cpuMs(run.redis.pid) - redisCpu0;
  const machineCores = (machineBusyMs() - busy0) / wallMs;

  out(`reconnect storm: ${joined.length} members over 2 replicas (failures joining: ${failures(results)}); replica 2 killed with ${movers.length} of them`);
  out(`  all back on replica 1 after ${(wallMs / 1000).toFixed(1)} s; drop to joined again: ${spread(back)}; backoff base ${base} ms (the web app's)`);
  out(`  failed tries: ${failedTries.length} (${failures(failedTries)}); auth-api calls: none (room tokens are reused)`);
  out(
    `  replica 1 during the storm: CPU ${cpu.toFixed(0)} ms (${(cpu / movers.length).toFixed(2)} ms per member taken in), ` +
      `event-loop lag p99 ${lag.p99Ms.toFixed(1)} ms, max ${lag.maxMs.toFixed(1)} ms; Redis CPU ${redisCpu.toFixed(0)} ms; ` +
      `the machine was busy ${machineCores.toFixed(2)} of 2 cores (the bench's clients and other sessions included)`,
  );
  for (const s of [...joined.map((x) => x.socket), ...rejoined]) s.ws.terminate();
} finally {
  await run.stop();
}
