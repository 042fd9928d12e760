import { mkdirSync } from 'node:fs';
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

/** The server processes of one system (--servers, 2 by default), ready for clients. */
export interface RunningSystem {
  /** Port of each server (a member's `server` indexes this). */
  ports: number[];
  pids: number[];
  /** Everything the servers wrote (shown when a round sees errors or closed sockets). */
  output(): string;
  stop(): Promise<void>;
}

export type StartSystem = (ctx: SystemContext) => Promise<RunningSystem>;

const preload = fileURLToPath(new URL('../diagnostics-preload.js', import.meta.url));

/**
 * Env of a server under test: --server-node-options, and what makes it write a CPU profile, heap snapshots or
 * heap-space reports (see diagnostics-preload.ts).
 */
export function diagnosticsEnv(
  opts: Pick<BenchOptions, 'cpuProf' | 'heapSnapshot' | 'heapSpaces' | 'serverNodeOptions'>,
  name: string,
): Record<string, string> {
  const diagnosing = opts.cpuProf ?? opts.heapSnapshot ?? opts.heapSpaces;
  const nodeOptions = [diagnosing ? `--import=${preload}` : '', opts.serverNodeOptions ?? ''].join(' ').trim();
  if (!nodeOptions) return {};
  const stamp = Date.now();
  const reportDir = opts.heapSnapshot ?? opts.heapSpaces;
  // A missing directory would surface only as reports never written.
  for (const dir of [opts.cpuProf, reportDir]) if (dir) mkdirSync(dir, { recursive: true });
  return {
    NODE_OPTIONS: nodeOptions,
    ...(opts.cpuProf ? { BENCH_CPU_PROFILE: join(resolve(opts.cpuProf), `${name}-${stamp}.cpuprofile`) } : {}),
    ...(reportDir ? { BENCH_HEAP_REPORT: join(resolve(reportDir), `${name}-${stamp}`) } : {}),
    ...(opts.heapSnapshot ? { BENCH_HEAP_SNAPSHOT: '1' } : {}),
  };
}
