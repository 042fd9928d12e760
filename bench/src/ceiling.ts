/**
 * The throughput ceiling: the same rooms at rising rates, the systems interleaved at each rate, until each
 * system's p99 passes the limit or it loses a message; what it held last is its ceiling. Writes the curve
 * (rate -> CPU per delivery, p99) as a Markdown table and an SVG chart into `opts.out`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions, SystemName } from './options.js';
import { LABELS, summarise, type Summary } from './report.js';
import { runRound, type RoundResult } from './round.js';
import { svgChart, type Series } from './svg-chart.js';

export interface CeilingStep {
  rate: number;
  system: SystemName;
  summary: Summary;
  held: boolean;
}

const COLOURS: Record<SystemName, string> = { mugharred: '#1f77b4', socketio: '#d62728', wsrelay: '#7f7f7f' };

/** The rates tried: from the start, times the step each time (from 100 on rounded to 50), up to the maximum. */
function ceilingRates(opts: Pick<BenchOptions, 'ceilingStart' | 'ceilingStep' | 'ceilingMax'>): number[] {
  const rates: number[] = [];
  for (let r = opts.ceilingStart; r <= opts.ceilingMax; r *= opts.ceilingStep) {
    const rounded = Math.min(opts.ceilingMax, r >= 100 ? Math.round(r / 50) * 50 : Math.round(r));
    if (rates.at(-1) !== rounded) rates.push(rounded);
  }
  return rates;
}

const holds = (s: Summary, p99Limit: number) =>
  s.lost === 0 && s.refused === 0 && s.duplicates === 0 && s.closedEarly === 0 && s.p99Ms <= p99Limit;

export async function runCeiling(opts: BenchOptions, out: (line?: string) => void): Promise<CeilingStep[]> {
  const steps: CeilingStep[] = [];
  let running = [...opts.systems];
  for (const rate of ceilingRates(opts)) {
    if (running.length === 0) break;
    const results: RoundResult[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      for (const system of running) results.push(await runRound(system, { ...opts, rate }));
    }
    for (const system of running) {
      const summary = summarise(results.filter((r) => r.system === system));
      const held = holds(summary, opts.ceilingP99Ms);
      steps.push({ rate, system, summary, held });
      out(
        `${rate} sends/s ${LABELS[system]}: p99 ${summary.p99Ms.toFixed(1)} ms, CPU ${summary.cpuMsPer1000.toFixed(1)} ms/1000 ` +
          `(servers ${summary.serverCpuMsPer1000.toFixed(1)}, Redis ${summary.redisCpuMsPer1000.toFixed(1)}), lost ${summary.lost}, ` +
          `refused ${summary.refused}, other programs ${summary.otherCores.toFixed(2)} cores: ${held ? 'held' : 'PASSED ITS LIMIT'}`,
      );
    }
    running = running.filter((system) => steps.find((s) => s.rate === rate && s.system === system)!.held);
  }
  return steps;
}

/** The highest rate each system held (0 when it failed the first). */
export function ceilings(steps: CeilingStep[], systems: SystemName[]): Record<string, number> {
  return Object.fromEntries(
    systems.map((k) => [k, Math.max(0, ...steps.filter((s) => s.system === k && s.held).map((s) => s.rate))]),
  );
}

export function ceilingTable(steps: CeilingStep[], opts: BenchOptions): string {
  const reached = ceilings(steps, opts.systems);
  const lines = [
    `Throughput ceiling: ${opts.clients} clients in ${opts.rooms} rooms over ${opts.servers} server processes each, ${opts.duration} s per step, ` +
      `median of ${opts.rounds} round(s); a system stops at the first rate where its p99 passes ${opts.ceilingP99Ms} ms or it loses, ` +
      `refuses or duplicates a message.`,
    '',
    '| sends/s | system | deliveries/s | CPU ms / 1k deliveries (servers + Redis) | p99 ms | lost | write syscalls / 1k deliveries (servers + Redis) | other programs (cores) | |',
    '|---|---|---|---|---|---|---|---|---|',
    ...steps.map(
      ({ rate, system, summary: s, held }) =>
        `| ${rate} | ${LABELS[system]} | ${s.deliveredPerSecond.toFixed(0)} | ${s.cpuMsPer1000.toFixed(1)} ` +
        `(${s.serverCpuMsPer1000.toFixed(1)} + ${s.redisCpuMsPer1000.toFixed(1)}) | ${s.p99Ms.toFixed(1)} | ${s.lost} | ` +
        `${s.serverWritesPer1000.toFixed(0)} + ${s.redisWritesPer1000.toFixed(0)} | ${s.otherCores.toFixed(2)} | ${held ? 'held' : 'limit'} |`,
    ),
    '',
    `Ceiling (highest rate held): ${opts.systems.map((k) => `${LABELS[k]} ${reached[k]} sends/s`).join(', ')}` +
      (reached.mugharred && reached.socketio ? `; Mugharred / Socket.IO ${(reached.mugharred / reached.socketio).toFixed(2)}x` : ''),
  ];
  return `${lines.join('\n')}\n`;
}

function ceilingSvg(steps: CeilingStep[], opts: BenchOptions): string {
  const series = (y: (s: Summary) => number): Series[] =>
    opts.systems.map((k) => ({
      name: LABELS[k],
      colour: COLOURS[k],
      points: steps.filter((s) => s.system === k).map((s) => ({ x: s.rate, y: y(s.summary) })),
    }));
  return svgChart(
    [
      { title: 'CPU per delivery (servers + Redis)', yLabel: 'CPU ms / 1000 deliveries', series: series((s) => s.cpuMsPer1000) },
      {
        title: `Delivery latency p99 (limit ${opts.ceilingP99Ms} ms, dashed)`,
        yLabel: 'p99 ms',
        series: series((s) => s.p99Ms),
        limit: opts.ceilingP99Ms,
      },
    ],
    'sends/s (all clients together)',
  );
}

/** Writes ceiling.md and ceiling.svg into opts.out; returns their paths. */
export function writeCeiling(steps: CeilingStep[], opts: BenchOptions): string[] {
  mkdirSync(opts.out, { recursive: true });
  const md = join(opts.out, 'ceiling.md');
  const svg = join(opts.out, 'ceiling.svg');
  writeFileSync(md, ceilingTable(steps, opts));
  writeFileSync(svg, ceilingSvg(steps, opts));
  return [md, svg];
}
