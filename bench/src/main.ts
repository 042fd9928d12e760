/**
 * The benchmark: the same load against Mugharred (two gateway replicas), the Socket.IO reference (two processes
 * with the Redis adapter) and a bare ws + ioredis relay, rounds interleaved A, B, C, A, B, C, each round with
 * fresh processes and its own private Redis. Prints every round, then each figure per system and as ratios.
 * `ceiling` raises the rate step by step instead (ceiling.ts). Usage: see options.ts.
 */
import { writeFileSync } from 'node:fs';
import { ceilings, ceilingTable, runCeiling, writeCeiling } from './ceiling.js';
import { parseOptions, type BenchOptions, type SystemName } from './options.js';
import { gatewayProvenance } from './provenance.js';
import { cpuRatioPerRound, header, placements, roundFigures, roundLine, summarise, table, targets, type Summary } from './report.js';
import { runRound, type RoundResult } from './round.js';

const out = (line = '') => process.stdout.write(`${line}\n`);

async function ceilingMode(opts: BenchOptions): Promise<void> {
  const steps = await runCeiling(opts, out);
  out();
  out(ceilingTable(steps, opts));
  out(`written: ${writeCeiling(steps, opts).join(', ')}`);
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ options: opts, steps, ceilings: ceilings(steps, opts.systems) }, null, 2)}\n`);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  out(header(opts));
  out(gatewayProvenance());
  if (opts.mode === 'ceiling') return ceilingMode(opts);
  const results: RoundResult[] = [];
  for (let round = 1; round <= opts.rounds; round++) {
    for (const system of opts.systems) {
      const r = await runRound(system, opts);
      results.push(r);
      out(roundLine(round, r));
      if (r.serverLogTail) process.stderr.write(`last server output of that round:\n${r.serverLogTail}\n`);
    }
  }
  const summaries: Partial<Record<SystemName, Summary>> = {};
  for (const system of opts.systems) summaries[system] = summarise(results.filter((r) => r.system === system));
  out();
  out(table(summaries));
  if (summaries.mugharred && summaries.socketio) {
    out();
    out(`targets for Mugharred at this load (${opts.mode}; ${placements({ ...opts, systems: ['mugharred', 'socketio'] })}):`);
    for (const line of targets(summaries.mugharred, summaries.socketio, cpuRatioPerRound(results))) out(`  ${line}`);
  }
  if (opts.json) {
    const rounds = results.map(({ latency, ackLatency, ...r }) => ({ ...r, ...roundFigures({ ...r, latency, ackLatency }) }));
    writeFileSync(opts.json, `${JSON.stringify({ options: opts, rounds, summaries }, null, 2)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
