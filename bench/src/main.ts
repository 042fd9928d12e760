/**
 * The benchmark: the same load against Mugharred (two gateway replicas) and the Socket.IO reference (two
 * processes with the Redis adapter), rounds interleaved A, B, A, B, each round with fresh processes and its own
 * private Redis. Prints every round, then each figure per system and as a ratio. Usage: see options.ts.
 */
import { writeFileSync } from 'node:fs';
import { parseOptions, type SystemName } from './options.js';
import { gatewayProvenance } from './provenance.js';
import { header, roundFigures, roundLine, summarise, table, targets, type Summary } from './report.js';
import { runRound, type RoundResult } from './round.js';

const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  out(header(opts));
  out(gatewayProvenance());
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
    out('targets for Mugharred at this load:');
    for (const line of targets(summaries.mugharred, summaries.socketio)) out(`  ${line}`);
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
