/**
 * `npm run bench -- join-storm`: every member of many rooms opens a socket and joins at the same moment (no
 * connect pacing), half on each of two gateway replicas. Reports how long until all are in, each join's time
 * (upgrade + token check + join confirmed with the room's snapshot), refusals, and the replicas' and Redis's CPU.
 */
import { parseArgs } from 'node:util';
import { cpuMs } from '../proc-stats.js';
import { failures, join, pool, spread, type Joined } from './run-clients.js';
import { machineBusyMs, sleep, startGatewayRun } from './run-stack.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    clients: { type: 'string', default: '2000' },
    'room-size': { type: 'string', default: '20' },
  },
});
const clients = Number(values.clients);

const run = await startGatewayRun(clients, Number(values['room-size']));
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  await sleep(1000);
  const pids = [...run.system.pids, run.redis.pid];
  const cpu0 = pids.map(cpuMs);
  const busy0 = machineBusyMs();
  const t0 = performance.now();
  const results = await pool(run.seats, run.seats.length, (seat) => join(seat));
  const wallMs = performance.now() - t0;
  const cpu = pids.map((pid, i) => cpuMs(pid) - cpu0[i]!);
  const machineCores = (machineBusyMs() - busy0) / wallMs;
  const joined = results.filter((r): r is Joined => !(r instanceof Error));

  out(`join storm: ${clients} sockets opened at once into ${run.seats.length / Number(values['room-size'])} rooms of ${values['room-size']} over 2 replicas`);
  out(`  all in after ${(wallMs / 1000).toFixed(1)} s (${((joined.length / wallMs) * 1000).toFixed(0)} joins/s); joined ${joined.length}, failures: ${failures(results)}`);
  out(`  time to join: ${spread(joined.map((j) => j.joinMs))}`);
  out(
    `  CPU: replicas ${cpu[0]!.toFixed(0)} + ${cpu[1]!.toFixed(0)} ms, Redis ${cpu[2]!.toFixed(0)} ms ` +
      `(${((cpu[0]! + cpu[1]!) / joined.length).toFixed(2)} ms per join on the replicas); the machine was busy ${machineCores.toFixed(2)} of 2 cores (the bench's clients and other sessions included)`,
  );
  for (const j of joined) j.ws.terminate();
} finally {
  await run.stop();
}
