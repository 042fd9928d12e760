import { parseArgs } from 'node:util';

const SYSTEMS = ['mugharred', 'socketio'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export interface BenchOptions {
  /** Connected clients per round, split evenly over the rooms. */
  clients: number;
  rooms: number;
  /** Messages sent per second, all clients together. */
  rate: number;
  /** Typing signals sent per second, all clients together, alongside the messages (Mugharred only). */
  typingRate: number;
  /** Seconds of the measured send phase. */
  duration: number;
  /** Seconds of sending before measuring starts (JIT warm-up); its messages still count for losses. */
  warmup: number;
  /** Rounds per system; the systems alternate (A, B, A, B, ...), each round with fresh processes and Redis. */
  rounds: number;
  /** Load-generator processes; a room's members all live in one of them, so latency uses one clock. */
  workers: number;
  /** Connection attempts in flight per load-generator process during the connect phase. */
  connectConcurrency: number;
  /** Length of each message text (a send timestamp padded to this size). */
  textLength: number;
  systems: SystemName[];
  /** Seconds to wait after the send phase for the last deliveries before counting the rest as lost. */
  drainTimeout: number;
  /** Write the results as JSON to this file. */
  json: string | undefined;
  /** Run every server process with --cpu-prof into this directory. */
  cpuProf: string | undefined;
  /** Write heap snapshots of every server before and after the connect phase into this directory. */
  heapSnapshot: string | undefined;
  /** Seconds to wait before each round for a nearly idle machine (under quietCores busy); 0 skips the wait. */
  quietWait: number;
  quietCores: number;
  /** Log level of the Mugharred gateways (warn keeps per-connection logging out of the measurement). */
  gatewayLogLevel: string;
}

const USAGE = `usage: pnpm bench [--clients 1000] [--rooms 50] [--rate 1000] [--typing-rate 0] [--duration 20] [--warmup 2]
  [--rounds 2] [--workers 2] [--connect-concurrency 50] [--text-length 64] [--drain-timeout 5]
  [--systems mugharred,socketio] [--json results.json] [--cpu-prof dir] [--heap-snapshot dir] [--gateway-log-level warn]
  [--quiet-wait 60] [--quiet-cores 0.15]`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string', default: '1000' },
      rooms: { type: 'string', default: '50' },
      rate: { type: 'string', default: '1000' },
      'typing-rate': { type: 'string', default: '0' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '2' },
      workers: { type: 'string', default: '2' },
      'connect-concurrency': { type: 'string', default: '50' },
      'text-length': { type: 'string', default: '64' },
      'drain-timeout': { type: 'string', default: '5' },
      systems: { type: 'string', default: SYSTEMS.join(',') },
      json: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'heap-snapshot': { type: 'string' },
      'gateway-log-level': { type: 'string', default: 'warn' },
      'quiet-wait': { type: 'string', default: '60' },
      'quiet-cores': { type: 'string', default: '0.15' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const num = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}\n${USAGE}`);
    return n;
  };
  const systems = values.systems.split(',').map((s) => s.trim());
  for (const s of systems) {
    if (!(SYSTEMS as readonly string[]).includes(s)) throw new Error(`unknown system ${s}\n${USAGE}`);
  }
  const opts: BenchOptions = {
    clients: num('clients', values.clients, 2),
    rooms: num('rooms', values.rooms, 1),
    rate: num('rate', values.rate, 1),
    typingRate: num('typing-rate', values['typing-rate'], 0),
    duration: num('duration', values.duration, 0.5),
    warmup: num('warmup', values.warmup, 0),
    rounds: num('rounds', values.rounds, 1),
    workers: num('workers', values.workers, 1),
    connectConcurrency: num('connect-concurrency', values['connect-concurrency'], 1),
    textLength: num('text-length', values['text-length'], 24),
    drainTimeout: num('drain-timeout', values['drain-timeout'], 0.1),
    systems: systems as SystemName[],
    json: values.json,
    cpuProf: values['cpu-prof'],
    heapSnapshot: values['heap-snapshot'],
    gatewayLogLevel: values['gateway-log-level'],
    quietWait: num('quiet-wait', values['quiet-wait'], 0),
    quietCores: num('quiet-cores', values['quiet-cores'], 0),
  };
  if (opts.typingRate > 0 && opts.systems.includes('socketio')) throw new Error('--typing-rate needs --systems mugharred');
  if (opts.clients < opts.rooms * 2) throw new Error('every room needs at least 2 clients (one per server)');
  return opts;
}
