import { parseArgs } from 'node:util';

const SYSTEMS = ['mugharred', 'socketio', 'wsrelay'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/**
 * compare: one load, every system, side by side. ceiling: the rate raised step by step until a system's p99
 * passes the limit or it loses a message (a table and an SVG chart). hot-room: one full room, every member sending.
 */
const MODES = ['compare', 'ceiling', 'hot-room'] as const;
type Mode = (typeof MODES)[number];

/**
 * Where a room's members connect. `routed`: all on one server, picked by a stable hash of the room id, as
 * Mugharred's edge routes sockets by `?room=` (consistent hashing, infra/nginx), so a message is published to one
 * subscriber. `spread`: alternating over the servers, as a balancer spreads clients, so every message crosses
 * Redis to each of them.
 */
export type Placement = 'routed' | 'spread';
const PLACEMENTS = ['shipped', 'routed', 'spread'] as const;
/**
 * How each system is deployed: Mugharred ships behind its edge, which routes a room's sockets to one replica;
 * Socket.IO's usual deployment (and the bare relay's) balances clients, not rooms.
 */
const SHIPPED_PLACEMENT: Record<SystemName, Placement> = { mugharred: 'routed', socketio: 'spread', wsrelay: 'spread' };

/** The product's default per-user budget (apps/gateway config: RATE_PER_SECOND): the load must stay inside it. */
const SHIPPED_RATE_PER_SECOND = 10;

export interface BenchOptions {
  mode: Mode;
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
  /** Seconds after the connect phase for the join storm's presence broadcasts to finish and RSS to settle. */
  settle: number;
  /** Rounds per system; the systems alternate (A, B, A, B, ...), each round with fresh processes and Redis. */
  rounds: number;
  /** Server processes per system: Mugharred's gateway replicas, the references' processes. */
  servers: number;
  /** Load-generator processes; a room's members all live in one of them, so latency uses one clock. */
  workers: number;
  /** Connection attempts in flight per load-generator process during the connect phase. */
  connectConcurrency: number;
  /** Length of each message text (a send timestamp padded to this size). */
  textLength: number;
  systems: SystemName[];
  /** Where a room's members connect (plan.ts): each system as it ships, or every system routed or spread. */
  placement: (typeof PLACEMENTS)[number];
  /** Seconds to wait after the send phase for the last deliveries before counting the rest as lost. */
  drainTimeout: number;
  /** Write the results as JSON to this file. */
  json: string | undefined;
  /** Run every server process with --cpu-prof into this directory. */
  cpuProf: string | undefined;
  /** Write heap snapshots of every server before and after the connect phase into this directory. */
  heapSnapshot: string | undefined;
  /**
   * Write every server's RSS and V8 heap spaces (no snapshot, so the run's RSS figure stays undisturbed) before
   * and after the connect phase into this directory: what the RSS growth is made of.
   */
  heapSpaces: string | undefined;
  /** Extra Node.js flags for every server under test (all systems), for experiments like --max-semi-space-size. */
  serverNodeOptions: string | undefined;
  /** Seconds to wait before each round for a nearly idle machine (under quietCores busy); 0 skips the wait. */
  quietWait: number;
  quietCores: number;
  /** Log level of the Mugharred gateways; unset: the gateway's default, as `npm start` runs it. */
  gatewayLogLevel: string | undefined;
  /** Lift the per-user send budget (on by default, as shipped) far above the load. */
  liftBudget: boolean;
  /** Ceiling mode: the first rate, the factor between rates, the highest rate tried, and the p99 limit. */
  ceilingStart: number;
  ceilingStep: number;
  ceilingMax: number;
  ceilingP99Ms: number;
  /** Directory for the ceiling table and chart. */
  out: string;
}

const USAGE = `usage: pnpm bench [compare | ceiling | hot-room] [--clients 1000] [--rooms 50] [--rate 1000] [--typing-rate 0]
  [--duration 20] [--warmup 2] [--settle 1] [--rounds 3] [--servers 2] [--workers 2] [--connect-concurrency 50] [--text-length 64] [--drain-timeout 5]
  [--systems mugharred,socketio,wsrelay] [--placement shipped|routed|spread] [--json results.json] [--cpu-prof dir] [--heap-snapshot dir] [--heap-spaces dir] [--server-node-options=--flag=value]
  [--gateway-log-level level] [--lift-budget] [--quiet-wait 60] [--quiet-cores 0.15]
  [--ceiling-start 250] [--ceiling-step 1.5] [--ceiling-max clients x 10] [--ceiling-p99 100] [--out bench/out]
hot-room defaults to --clients 50 --rooms 1 --rate 250 (every member sends 5/s); ceiling to --rounds 1.
--placement shipped (the default): Mugharred's rooms routed to one server each, as its edge does; the references'
members spread over the servers, as a client balancer does. routed / spread: every system the same way.
--servers: server processes per system (Mugharred's gateway replicas, the references' processes).`;

/** What a mode changes in the defaults; flags given on the command line win. */
const MODE_DEFAULTS: Record<Mode, Record<string, string>> = {
  compare: {},
  ceiling: { rounds: '1' },
  'hot-room': { clients: '50', rooms: '1', rate: '250' },
};

export function parseOptions(argv: string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      clients: { type: 'string' },
      rooms: { type: 'string' },
      rate: { type: 'string' },
      'typing-rate': { type: 'string', default: '0' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '2' },
      settle: { type: 'string', default: '1' },
      rounds: { type: 'string' },
      servers: { type: 'string', default: '2' },
      workers: { type: 'string', default: '2' },
      'connect-concurrency': { type: 'string', default: '50' },
      'text-length': { type: 'string', default: '64' },
      'drain-timeout': { type: 'string', default: '5' },
      systems: { type: 'string', default: SYSTEMS.join(',') },
      placement: { type: 'string', default: 'shipped' },
      json: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'heap-snapshot': { type: 'string' },
      'heap-spaces': { type: 'string' },
      'server-node-options': { type: 'string' },
      'gateway-log-level': { type: 'string' },
      'lift-budget': { type: 'boolean', default: false },
      'ceiling-start': { type: 'string', default: '250' },
      'ceiling-step': { type: 'string', default: '1.5' },
      'ceiling-max': { type: 'string' },
      'ceiling-p99': { type: 'string', default: '100' },
      out: { type: 'string', default: 'bench/out' },
      'quiet-wait': { type: 'string', default: '60' },
      'quiet-cores': { type: 'string', default: '0.15' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (positionals.length > 1 || (positionals[0] !== undefined && !(MODES as readonly string[]).includes(positionals[0]))) {
    throw new Error(`unknown mode ${positionals.join(' ')}\n${USAGE}`);
  }
  const mode = (positionals[0] ?? 'compare') as Mode;
  const given = (name: 'clients' | 'rooms' | 'rate' | 'rounds', fallback: string) => values[name] ?? MODE_DEFAULTS[mode][name] ?? fallback;
  const num = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}\n${USAGE}`);
    return n;
  };
  const systems = values.systems.split(',').map((s) => s.trim());
  for (const s of systems) {
    if (!(SYSTEMS as readonly string[]).includes(s)) throw new Error(`unknown system ${s}\n${USAGE}`);
  }
  if (!(PLACEMENTS as readonly string[]).includes(values.placement)) throw new Error(`unknown placement ${values.placement}\n${USAGE}`);
  const opts: BenchOptions = {
    mode,
    clients: num('clients', given('clients', '1000'), 2),
    rooms: num('rooms', given('rooms', '50'), 1),
    rate: num('rate', given('rate', '1000'), 1),
    typingRate: num('typing-rate', values['typing-rate'], 0),
    duration: num('duration', values.duration, 0.5),
    warmup: num('warmup', values.warmup, 0),
    settle: num('settle', values.settle, 0),
    rounds: num('rounds', given('rounds', '3'), 1),
    servers: num('servers', values.servers, 1),
    workers: num('workers', values.workers, 1),
    connectConcurrency: num('connect-concurrency', values['connect-concurrency'], 1),
    textLength: num('text-length', values['text-length'], 24),
    drainTimeout: num('drain-timeout', values['drain-timeout'], 0.1),
    systems: systems as SystemName[],
    placement: values.placement as BenchOptions['placement'],
    json: values.json,
    cpuProf: values['cpu-prof'],
    heapSnapshot: values['heap-snapshot'],
    heapSpaces: values['heap-spaces'],
    serverNodeOptions: values['server-node-options'],
    gatewayLogLevel: values['gateway-log-level'],
    liftBudget: values['lift-budget'],
    ceilingStart: num('ceiling-start', values['ceiling-start'], 1),
    ceilingStep: num('ceiling-step', values['ceiling-step'], 1.05),
    ceilingMax: num('ceiling-max', values['ceiling-max'] ?? String(Number(given('clients', '1000')) * SHIPPED_RATE_PER_SECOND), 1),
    ceilingP99Ms: num('ceiling-p99', values['ceiling-p99'], 1),
    out: values.out,
    quietWait: num('quiet-wait', values['quiet-wait'], 0),
    quietCores: num('quiet-cores', values['quiet-cores'], 0),
  };
  if (opts.typingRate > 0 && opts.systems.includes('socketio')) throw new Error('--typing-rate needs --systems mugharred');
  if (opts.clients < opts.rooms * 2) throw new Error('every room needs at least 2 clients');
  const highest = opts.mode === 'ceiling' ? opts.ceilingMax : opts.rate;
  if (!opts.liftBudget && highest / opts.clients > SHIPPED_RATE_PER_SECOND) {
    throw new Error(
      `${highest} sends/s over ${opts.clients} clients is more than the per-user budget of ${SHIPPED_RATE_PER_SECOND}/s ` +
        `the gateway ships with: use more clients, a lower rate (--ceiling-max), or --lift-budget`,
    );
  }
  return opts;
}

/** Where `system`'s rooms are placed in this run. */
export const placementOf = (system: SystemName, opts: Pick<BenchOptions, 'placement'>): Placement =>
  opts.placement === 'shipped' ? SHIPPED_PLACEMENT[system] : opts.placement;
