import { placementOf, type BenchOptions, type Placement, type SystemName } from './options.js';
import type { RoundResult } from './round.js';
import { sumOutcomes, type DeliveryOutcome } from './worker-protocol.js';

/** A system's figures; the delivery outcome (lost, refused, ...) is null where the reference has no acks. */
export interface Summary extends DeliveryOutcome {
  rounds: number;
  deliveredPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Send to acknowledgement (the message is stored); NaN for the reference, which does not acknowledge. */
  ackP50Ms: number;
  ackP99Ms: number;
  cpuMsPer1000: number;
  serverCpuMsPer1000: number;
  redisCpuMsPer1000: number;
  /** Write syscalls per 1000 deliveries: what batching saves, whatever else runs on the machine. */
  serverWritesPer1000: number;
  redisWritesPer1000: number;
  rssMbPer1000Connections: number;
  connectionsPerSecond: number;
  /**
   * CPU of the servers and Redis per connection over the connect phase (the JWT check, the join, presence):
   * what bounds the connection rate once the load generator no longer shares the machine's cores.
   */
  connectCpuMsPerConnection: number;
  generatorConnectCpuMsPerConnection: number;
  /** What the load generator itself cost: not part of the comparison, but it shares the machine. */
  generatorCpuMsPer1000: number;
  generatorCores: number;
  /** Cores busy with other programs during the measured windows; anything near 1 on 2 cores spoils the figures. */
  otherCores: number;
  errors: Record<string, number>;
  closedEarly: number;
}

export const LABELS: Record<SystemName, string> = { mugharred: 'Mugharred', socketio: 'Socket.IO', wsrelay: 'ws relay' };

/** The compared figures, in print order; each is also printed as Mugharred's ratio to each reference. */
export const FIGURES: { key: keyof Summary; label: string; digits: number }[] = [
  { key: 'deliveredPerSecond', label: 'delivered messages/s', digits: 0 },
  { key: 'p50Ms', label: 'latency p50 ms', digits: 2 },
  { key: 'p99Ms', label: 'latency p99 ms', digits: 2 },
  { key: 'lost', label: 'lost messages (deliveries)', digits: 0 },
  { key: 'refused', label: 'refused messages (error frame)', digits: 0 },
  { key: 'duplicates', label: 'duplicate deliveries', digits: 0 },
  { key: 'cpuMsPer1000', label: 'server+Redis CPU ms / 1000 deliveries', digits: 1 },
  { key: 'serverCpuMsPer1000', label: '  servers only', digits: 1 },
  { key: 'redisCpuMsPer1000', label: '  Redis only', digits: 1 },
  { key: 'serverWritesPer1000', label: 'server write syscalls / 1000 deliveries', digits: 0 },
  { key: 'redisWritesPer1000', label: 'Redis write syscalls / 1000 deliveries', digits: 0 },
  { key: 'rssMbPer1000Connections', label: 'server RSS MB / 1000 connections', digits: 1 },
  { key: 'connectionsPerSecond', label: 'connections/s', digits: 0 },
  { key: 'connectCpuMsPerConnection', label: 'server+Redis CPU ms / connection', digits: 2 },
  { key: 'generatorConnectCpuMsPerConnection', label: 'load generator CPU ms / connection', digits: 2 },
  { key: 'generatorCpuMsPer1000', label: 'load generator CPU ms / 1000 deliveries', digits: 1 },
  { key: 'generatorCores', label: 'load generator cores busy', digits: 2 },
  { key: 'otherCores', label: 'other programs cores busy (noise)', digits: 2 },
];

/** The figures of one round. */
export function roundFigures(r: RoundResult): Summary {
  const per1000 = (ms: number) => (r.deliveries > 0 ? (ms * 1000) / r.deliveries : Number.NaN);
  return {
    rounds: 1,
    deliveredPerSecond: (r.deliveries * 1000) / r.durationMs,
    p50Ms: r.latency.quantile(0.5),
    p99Ms: r.latency.quantile(0.99),
    ackP50Ms: r.ackLatency.quantile(0.5),
    ackP99Ms: r.ackLatency.quantile(0.99),
    ...sumOutcomes([r]),
    cpuMsPer1000: per1000(r.serverCpuMs + r.redisCpuMs),
    serverCpuMsPer1000: per1000(r.serverCpuMs),
    redisCpuMsPer1000: per1000(r.redisCpuMs),
    serverWritesPer1000: per1000(r.serverWrites),
    redisWritesPer1000: per1000(r.redisWrites),
    rssMbPer1000Connections: (r.rssGrowth / r.clients) * (1000 / 2 ** 20),
    connectionsPerSecond: (r.clients * 1000) / r.connectMs,
    connectCpuMsPerConnection: (r.connectCpuMs.server + r.connectCpuMs.redis) / r.clients,
    generatorConnectCpuMsPerConnection: r.connectCpuMs.generator / r.clients,
    generatorCpuMsPer1000: per1000(r.generatorCpuMs),
    generatorCores: r.generatorCpuMs / r.cpuWindowMs,
    otherCores: Math.max(0, r.otherCpuMs / r.cpuWindowMs),
    errors: r.errors,
    closedEarly: r.closedEarly,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Several rounds of one system: each measured figure is the median over the rounds (one round disturbed by
 * another program on a shared machine does not decide the result); counts of lost, refused, ... are summed.
 */
export function summarise(rounds: RoundResult[]): Summary {
  const each = rounds.map(roundFigures);
  const med = (f: (s: Summary) => number) => median(each.map(f));
  const total = (f: (s: Summary) => number) => each.reduce((acc, s) => acc + f(s), 0);
  const errors: Record<string, number> = {};
  for (const s of each) for (const [code, n] of Object.entries(s.errors)) errors[code] = (errors[code] ?? 0) + n;
  return {
    rounds: rounds.length,
    deliveredPerSecond: med((s) => s.deliveredPerSecond),
    p50Ms: med((s) => s.p50Ms),
    p99Ms: med((s) => s.p99Ms),
    ackP50Ms: med((s) => s.ackP50Ms),
    ackP99Ms: med((s) => s.ackP99Ms),
    ...sumOutcomes(each),
    cpuMsPer1000: med((s) => s.cpuMsPer1000),
    serverCpuMsPer1000: med((s) => s.serverCpuMsPer1000),
    redisCpuMsPer1000: med((s) => s.redisCpuMsPer1000),
    serverWritesPer1000: med((s) => s.serverWritesPer1000),
    redisWritesPer1000: med((s) => s.redisWritesPer1000),
    rssMbPer1000Connections: med((s) => s.rssMbPer1000Connections),
    connectionsPerSecond: med((s) => s.connectionsPerSecond),
    connectCpuMsPerConnection: med((s) => s.connectCpuMsPerConnection),
    generatorConnectCpuMsPerConnection: med((s) => s.generatorConnectCpuMsPerConnection),
    generatorCpuMsPer1000: med((s) => s.generatorCpuMsPer1000),
    generatorCores: med((s) => s.generatorCores),
    otherCores: med((s) => s.otherCores),
    errors,
    closedEarly: total((s) => s.closedEarly),
  };
}

const fmt = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b !== 0 && Number.isFinite(a / b) ? (a / b).toFixed(2) : '-';

/** The three commands Redis spent most time on: calls and milliseconds (execution only, no socket I/O). */
const redisTop = (r: RoundResult) =>
  r.redisCommands
    .slice(0, 3)
    .map((c) => `${c.command} ${c.calls}x ${(c.usec / 1000).toFixed(0)} ms`)
    .join(', ');

export function roundLine(index: number, r: RoundResult): string {
  const s = roundFigures(r);
  const errors = Object.entries(s.errors).map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
  return (
    `round ${index} ${LABELS[r.system]} (${r.placement}): ${fmt(s.deliveredPerSecond, 0)} deliveries/s, p50 ${fmt(s.p50Ms, 2)} ms, ` +
    `p99 ${fmt(s.p99Ms, 2)} ms (ack p50 ${fmt(s.ackP50Ms, 2)} ms, p99 ${fmt(s.ackP99Ms, 2)} ms), lost ${s.lost} (of acked messages ${s.lostAcked ?? '-'}: ` +
    `${s.lostAckedSameServer ?? '-'} on the sender's server, ${s.lostAckedOtherServer ?? '-'} on the other), duplicates ${s.duplicates}, refused ${s.refused} ` +
    `(${s.refusedButDelivered} of them delivered anyway), unanswered ${s.unanswered ?? '-'}, CPU ${fmt(s.cpuMsPer1000, 1)} ms/1000 ` +
    `(servers ${fmt(s.serverCpuMsPer1000, 1)}, Redis ${fmt(s.redisCpuMsPer1000, 1)}), ` +
    `write syscalls/1000: servers ${fmt(s.serverWritesPer1000, 0)}, Redis ${fmt(s.redisWritesPer1000, 0)}, ` +
    `RSS ${fmt(s.rssMbPer1000Connections, 1)} MB/1000 conn, ${fmt(s.connectionsPerSecond, 0)} conn/s ` +
    `(CPU ms per connection: servers ${fmt(r.connectCpuMs.server / r.clients, 2)}, Redis ${fmt(r.connectCpuMs.redis / r.clients, 2)}, ` +
    `generator ${fmt(s.generatorConnectCpuMsPerConnection, 2)}), ` +
    `generator ${fmt(s.generatorCores, 2)} cores, Redis busiest: ${redisTop(r)}, other programs ${fmt(s.otherCores, 2)} cores ` +
    `(${fmt(r.otherCoresBefore, 2)} before), errors: ${errors}, closed early: ${s.closedEarly}`
  );
}

const PLACEMENT_TEXT: Record<Placement, string> = {
  routed: "routed: a room's members on one server, by a hash of the room",
  spread: "spread: a room's members alternating over the servers",
};

/** Each system's placement, e.g. `Mugharred routed: ..., Socket.IO spread: ...`. */
export const placements = (opts: BenchOptions) =>
  opts.systems.map((k) => `${LABELS[k]} ${PLACEMENT_TEXT[placementOf(k, opts)]}`).join('; ');

export function header(opts: BenchOptions): string {
  const size = opts.clients / opts.rooms;
  return (
    `${opts.mode}: ${opts.systems.map((k) => LABELS[k]).join(' vs ')} (Socket.IO 4.8 + @socket.io/redis-adapter; bare ws + ioredis relay): ${opts.clients} clients in ${opts.rooms} rooms ` +
    `(~${size.toFixed(0)} per room, ${opts.servers} server processes per system; placement ${opts.placement}: ${placements(opts)}), ${opts.mode === 'ceiling' ? `${opts.ceilingStart} sends/s and up (x${opts.ceilingStep}, at most ${opts.ceilingMax})` : `${opts.rate} sends/s`}${opts.typingRate > 0 ? ` + ${opts.typingRate} typing signals/s` : ''} for ${opts.duration} s ` +
    `(+${opts.warmup} s warm-up), ${opts.rounds} round(s) per system interleaved, Mugharred ${opts.liftBudget ? 'with the per-user budget lifted' : 'as shipped (per-user budget on)'} ` +
    `logging at ${opts.gatewayLogLevel ?? 'its default level'}, ${opts.workers} generator process(es); ` +
    `the table gives the median of the rounds, and sums for lost/refused/duplicates`
  );
}

export function table(summaries: Partial<Record<SystemName, Summary>>): string {
  const systems = (Object.keys(summaries) as SystemName[]).filter((k) => summaries[k]);
  const m = summaries.mugharred;
  const references = m ? systems.filter((k) => k !== 'mugharred') : [];
  const rows = [['figure', ...systems.map((k) => LABELS[k]), ...references.map((k) => `M/${LABELS[k]}`)]];
  for (const f of FIGURES) {
    const value = (k: SystemName) => summaries[k]![f.key] as number | null;
    rows.push([
      f.label,
      ...systems.map((k) => (value(k) === null ? '-' : fmt(value(k)!, f.digits))),
      ...references.map((k) => ratio(m![f.key] as number, value(k) ?? undefined)),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
}

/**
 * Mugharred's CPU per delivery over Socket.IO's, one ratio per round: round n of each ran back to back, so each
 * ratio saw about the same machine. Their spread is how far the machine's noise moves the median's ratio.
 */
export function cpuRatioPerRound(results: RoundResult[]): number[] {
  const cpu = (system: SystemName) => results.filter((r) => r.system === system).map((r) => roundFigures(r).cpuMsPer1000);
  const [m, s] = [cpu('mugharred'), cpu('socketio')];
  return m.slice(0, s.length).map((v, i) => v / s[i]!);
}

/** The issue's targets for Mugharred against Socket.IO at the same load, checked against the measured figures. */
export function targets(m: Summary, s: Summary, cpuRatios: number[] = []): string[] {
  const check = (ok: boolean, text: string) => `${ok ? 'met   ' : 'MISSED'} ${text}`;
  return [
    check(
      m.lost === 0 && m.refused === 0 && m.duplicates === 0 && m.unanswered === 0,
      `0 lost, 0 duplicates (measured ${m.lost} lost deliveries, ${m.lostAcked} of them of acked messages, ${m.refused} refused ` +
        `messages, ${m.duplicates} duplicates, ${m.unanswered} unanswered)`,
    ),
    check(m.p99Ms <= s.p99Ms, `p99 <= Socket.IO's (${fmt(m.p99Ms, 2)} ms against ${fmt(s.p99Ms, 2)} ms)`),
    check(
      m.cpuMsPer1000 <= 0.8 * s.cpuMsPer1000,
      `CPU per delivery <= 0.8x Socket.IO's (ratio ${ratio(m.cpuMsPer1000, s.cpuMsPer1000)}` +
        `${cpuRatios.length > 1 ? `; round by round ${cpuRatios.map((r) => fmt(r, 2)).join(', ')}` : ''})`,
    ),
    check(
      m.rssMbPer1000Connections <= 0.6 * s.rssMbPer1000Connections,
      `RSS per connection <= 0.6x Socket.IO's (ratio ${ratio(m.rssMbPer1000Connections, s.rssMbPer1000Connections)})`,
    ),
    check(
      m.connectionsPerSecond >= 2 * s.connectionsPerSecond,
      `connection rate >= 2x Socket.IO's (ratio ${ratio(m.connectionsPerSecond, s.connectionsPerSecond)}; the generators share ` +
        `the cores: without them the rate would go as servers + Redis CPU per connection, ` +
        `${fmt(m.connectCpuMsPerConnection, 2)} ms against ${fmt(s.connectCpuMsPerConnection, 2)}, ` +
        `ratio ${ratio(s.connectCpuMsPerConnection, m.connectCpuMsPerConnection)})`,
    ),
  ];
}
