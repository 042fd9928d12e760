import type { BenchOptions } from '../options.js';
import type { PlannedRoom } from '../plan.js';

export interface SystemContext {
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

/** NODE_OPTIONS that make a server write a V8 CPU profile into `dir` when it exits. */
export const cpuProfileEnv = (dir: string | undefined, name: string): Record<string, string> =>
  dir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-name=${name}-${Date.now()}.cpuprofile` } : {};
