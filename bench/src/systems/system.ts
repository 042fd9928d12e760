import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const preload = fileURLToPath(new URL('../cpu-profile-preload.js', import.meta.url));

/** Env that makes a server write a V8 CPU profile into `dir` when it exits (see cpu-profile-preload.ts). */
export const cpuProfileEnv = (dir: string | undefined, name: string): Record<string, string> =>
  dir
    ? { NODE_OPTIONS: `--import=${preload}`, BENCH_CPU_PROFILE: join(resolve(dir), `${name}-${Date.now()}.cpuprofile`) }
    : {};
