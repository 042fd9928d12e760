import type { ChildProcess } from 'node:child_process';

export const repoRoot: string;

/** Node.js flags every service runs with (here, under systemd, in the images and from each app's start script). */
export const NODE_FLAGS: readonly string[];

export interface ServicePorts {
  auth: number;
  rooms: number;
  gateways: number[];
  worker: number;
}

export const DEFAULT_PORTS: ServicePorts;

export interface StartOptions {
  /** Shown in errors and as the output prefix; the app's name by default. */
  name?: string;
  /** 'pipe' (default): output only collected; 'prefix': also printed, each line prefixed with the name. */
  stdio?: 'pipe' | 'prefix';
  host?: string;
  /** Start from this process's environment instead of PATH alone. */
  inheritEnv?: boolean;
}

export interface ServiceProcess {
  name: string;
  port: number;
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote, for assertions on logs. */
  output(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies without cleanup, as in a crash. */
  kill(): Promise<void>;
  /** Starts the same service again (same port and environment): the supervisor's restart. */
  respawn(): Promise<ServiceProcess>;
}

export function startService(app: string, port: number, env: Record<string, string>, opts?: StartOptions): Promise<ServiceProcess>;

export interface Backend {
  jwtSecret: string;
  services: ServiceProcess[];
  byName: Record<string, ServiceProcess>;
  urls: { auth: string; rooms: string; gateways: string[]; worker: string };
  stop(): Promise<unknown>;
}

export function startBackend(opts: {
  redisUrl: string;
  jwtSecret?: string;
  ports?: ServicePorts;
  env?: Record<string, string>;
  envFor?: Record<string, Record<string, string>>;
  stdio?: 'pipe' | 'prefix';
}): Promise<Backend>;
