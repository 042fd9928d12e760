import { readFileSync } from 'node:fs';
import type { RedisClient } from './client.js';
import { mayAcknowledgeShortOfReplicas } from './replica-loss.js';

const luaDir = new URL('../lua/', import.meta.url);
const prelude = readFileSync(new URL('lib/common.lua', luaDir), 'utf8');

/** Script name -> file `<name>-<numberOfKeys>.lua`. */
const SCRIPTS = {
  joinRoom: 'join-room-5',
  sendMessage: 'send-message-7',
  changeMessage: 'change-message-7',
  presenceJoin: 'presence-join-6',
  presenceLeave: 'presence-leave-3',
  presenceRefresh: 'presence-refresh-4',
  setLocked: 'set-locked-1',
  setShowPeople: 'set-show-people-1',
  kick: 'kick-4',
  deleteRoom: 'delete-room-11',
  extendRoom: 'extend-room-11',
  transferHost: 'transfer-host-3',
  setLobby: 'set-lobby-2',
  lobbyDecide: 'lobby-decide-4',
  voiceState: 'voice-state-3',
  claimSocket: 'claim-socket-1',
  renewSockets: 'renew-sockets-1',
  renewEpoch: 'renew-epoch-1',
} as const;

export type ScriptName = keyof typeof SCRIPTS;

const sources = Object.fromEntries(
  Object.entries(SCRIPTS).map(([name, file]) => {
    const numberOfKeys = Number(file.slice(file.lastIndexOf('-') + 1));
    return [name, { numberOfKeys, lua: `${prelude}\n${readFileSync(new URL(`${file}.lua`, luaDir), 'utf8')}` }];
  }),
) as Record<ScriptName, { numberOfKeys: number; lua: string }>;

type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;
/** Prefixed, so our scripts never clash with commands other libraries define (such as @fastify/rate-limit's). */
const commandName = (name: ScriptName) => `mugharred_${name}`;
const registered = new WeakSet<RedisClient>();

/** Defines our scripts on a connection (idempotent); ioredis then runs them by EVALSHA with EVAL fallback. */
function ensureScripts(redis: RedisClient): void {
  if (registered.has(redis)) return;
  for (const [name, { numberOfKeys, lua }] of Object.entries(sources)) {
    redis.defineCommand(commandName(name as ScriptName), { numberOfKeys, lua });
  }
  registered.add(redis);
}

export function runScript(redis: RedisClient, name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
  ensureScripts(redis);
  const fn = (redis as unknown as Record<string, ScriptFn>)[commandName(name)]!;
  return fn.call(redis, ...keys, ...args);
}

/** The script's writes did not reach enough replicas in time; the caller must not report them as safe. */
export class NotReplicatedError extends Error {
  constructor(readonly wanted: number, readonly reached: number) {
    super(`written to ${reached} of ${wanted} replicas in time`);
  }
}

type RoleReply = [role: string, offset?: number, replicas?: [host: string, port: string, offset: string][]];

/**
 * Runs a script on the master of its keys' slot and, when `mustReplicate(result)`, waits (WAIT, on the same
 * connection) until `replicas` of that master's connected replicas hold everything written so far, so a
 * failover that promotes one of them cannot lose it. A master with fewer replicas connected and past their
 * first sync right now (one just died, was promoted elsewhere, or there are none) acknowledges nothing for
 * REPLICA_LOSS_HOLD_MS (see replica-loss.ts), then is waited on for the ones it has: a lost replica costs writes
 * a few seconds of retries, never an acknowledged message lost to a failover, and never stalls them for good.
 * Throws NotReplicatedError when they do not confirm within `timeoutMs`. Redis replicates asynchronously
 * otherwise.
 */
export async function runScriptReplicated(
  redis: RedisClient,
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
  opts: { replicas: number; timeoutMs: number; mustReplicate: (result: unknown) => boolean },
): Promise<unknown> {
  ensureScripts(redis);
  const run = redis.pipeline();
  (run as unknown as Record<string, ScriptFn>)[commandName(name)]!.call(run, ...keys, ...args);
  run.role();
  const [[scriptErr, out], [, role]] = (await run.exec()) as [[Error | null, unknown], [Error | null, RoleReply | null]];
  if (scriptErr) throw scriptErr;
  if (opts.replicas === 0 || !opts.mustReplicate(out)) return out;
  // A replica still at offset 0 is in its first sync: it cannot confirm anything yet.
  const inSync = (role?.[2] ?? []).filter(([, , offset]) => Number(offset) > 0).length;
  const wanted = Math.min(opts.replicas, inSync);
  if (inSync < opts.replicas) {
    // EXISTS only routes this pipeline to the same master as the script's writes.
    const info = await redis.pipeline().exists(keys[0]!).info('server').exec();
    const runId = /run_id:(\w+)/.exec(String(info?.[1]?.[1] ?? ''))?.[1] ?? 'unknown';
    if (!mayAcknowledgeShortOfReplicas(runId)) throw new NotReplicatedError(opts.replicas, inSync);
    if (wanted === 0) return out;
  }
  const wait = await redis.pipeline().exists(keys[0]!).wait(wanted, opts.timeoutMs).exec();
  const [, [waitErr, reached]] = wait as [unknown, [Error | null, number]];
  if (waitErr) throw waitErr;
  if (reached < wanted) throw new NotReplicatedError(wanted, reached);
  return out;
}
