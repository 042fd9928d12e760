import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from '../options.js';
import type { PlannedRoom } from '../plan.js';

interface SystemContext {
  redisUrl: string;
  /** HS256 secret shared by the servers and the token signer (>= 32 bytes). */
  secret: string;
  plan: PlannedRoom[];
  opts: BenchOptions;
}

/** Two server processes of one system, ready for clients. */
export interface RunningSystem {
  /** Port of server 0 and server 1 (a member's `server` indexes this). */
  ports: [number, number];
  pids: [number, number];
  /** Everything the servers wrote (shown when a round sees errors or closed sockets). */
  output(): string;
  stop(): Promise<void>;
}

export type StartSystem = (ctx: SystemContext) => Promise<RunningSystem>;

const preload = fileURLToPath(new URL('../diagnostics-preload.js', import.meta.url));

/** Env that makes a server write a CPU profile and/or heap snapshots (see diagnostics-preload.ts). */
export function diagnosticsEnv(opts: Pick<BenchOptions, 'cpuProf' | 'heapSnapshot'>, name: string): Record<string, string> {
  if (!opts.cpuProf && !opts.heapSnapshot) return {};
  const stamp = Date.now();
  return {
    NODE_OPTIONS: `--import=${preload}`,
    ...(opts.cpuProf ? { BENCH_CPU_PROFILE: join(resolve(opts.cpuProf), `${name}-${stamp}.cpuprofile`) } : {}),
    ...(opts.heapSnapshot ? { BENCH_HEAP_SNAPSHOT: join(resolve(opts.heapSnapshot), `${name}-${stamp}`) } : {}),
  };
}
