import type { ChildProcess } from 'node:child_process';

export function redisAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export function freePort(): Promise<number>;
export function waitForOwnRedis(child: ChildProcess, port: number): Promise<ChildProcess>;

export interface PrivateRedis {
  url: string;
  port: number;
  /** The running server's pid (a new one after restart). */
  readonly pid: number;
  /** Stops the server (woken first, should it be paused) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops the server, then starts a fresh empty one on the same port (a Redis restart, data lost). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: Redis stops answering without closing connections. */
  pause(): void;
  resume(): void;
}

export function startPrivateRedis(): Promise<PrivateRedis>;
