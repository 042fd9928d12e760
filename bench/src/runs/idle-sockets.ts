/**
 * `npm run bench -- idle-sockets`: many joined, silent sockets per gateway replica (two replicas). Reports each
 * replica's resident memory per socket, its event-loop lag and CPU while it holds them (pings, presence
 * refreshes, socket leases), and the lag before the sockets came, for comparison.
 */
import { parseArgs } from 'node:util';
import { failures, join, pool, type Joined } from './run-clients.js';
import { eventLoopLag, heapUsed, kb, machineBusyMs, mb, sampleProcess, sleep, startGatewayRun } from './run-stack.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'per-replica': { type: 'string', default: '2000' },
    'room-size': { type: 'string', default: '20' },
    hold: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '100' },
  },
});
const perReplica = Number(values['per-replica']);
const holdS = Number(values.hold);

const run = await startGatewayRun(perReplica * 2, Number(values['room-size']));
const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  const urls = run.system.ports.map((p) => `http://127.0.0.1:${p}`);
  await sleep(2000);
  await Promise.all(urls.map(eventLoopLag));
  await sleep(holdS * 1000);
  const idleLag = await Promise.all(urls.map(eventLoopLag));
  const before = run.system.pids.map(sampleProcess);
  const heapBefore = await Promise.all(urls.map(heapUsed));

  const t0 = performance.now();
  const results = await pool(run.seats, Number(values.concurrency), (seat) => join(seat));
  const joinS = (performance.now() - t0) / 1000;
  const sockets = results.filter((r): r is Joined => !(r instanceof Error));
  await sleep(2000);
  await Promise.all(urls.map(eventLoopLag));
  const busy0 = machineBusyMs();
  const mid = run.system.pids.map(sampleProcess);
  await sleep(holdS * 1000);
  const lag = await Promise.all(urls.map(eventLoopLag));
  const after = run.system.pids.map(sampleProcess);
  const heapAfter = await Promise.all(urls.map(heapUsed));
  const machineCores = (machineBusyMs() - busy0) / (holdS * 1000);
  const stillOpen = sockets.filter((s) => s.ws.readyState === s.ws.OPEN).length;

  out(`idle sockets: ${sockets.length} joined of ${run.seats.length} (${perReplica} per replica, rooms of ${values['room-size']}) in ${joinS.toFixed(1)} s; failures: ${failures(results)}`);
  for (const i of [0, 1]) {
    const perSocket = (after[i]!.rss - before[i]!.rss) / perReplica;
    const cpuPct = ((after[i]!.cpu - mid[i]!.cpu) / (holdS * 1000)) * 100;
    out(
      `  replica ${i + 1}: RSS ${mb(before[i]!.rss)} MB -> ${mb(after[i]!.rss)} MB = ${kb(perSocket)} KiB per socket ` +
        `(V8 heap used ${mb(heapBefore[i]!)} -> ${mb(heapAfter[i]!)} MB = ${kb((heapAfter[i]! - heapBefore[i]!) / perReplica)} KiB); ` +
        `event-loop lag over ${holdS} s holding them p50 ${lag[i]!.p50Ms.toFixed(1)} ms, p99 ${lag[i]!.p99Ms.toFixed(1)} ms, max ${lag[i]!.maxMs.toFixed(1)} ms ` +
        `(without sockets: p99 ${idleLag[i]!.p99Ms.toFixed(1)} ms, max ${idleLag[i]!.maxMs.toFixed(1)} ms); CPU ${cpuPct.toFixed(1)} % of a core`,
    );
  }
  out(`  still open after the hold: ${stillOpen} of ${sockets.length}; the whole machine was busy ${machineCores.toFixed(2)} of 2 cores (other sessions included)`);
  for (const s of sockets) s.ws.terminate();
} finally {
  await run.stop();
}
