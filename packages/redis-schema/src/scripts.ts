import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

const luaDir = new URL('../lua/', import.meta.url);
const prelude = readFileSync(new URL('lib/common.lua', luaDir), 'utf8');

/** Script name -> file `<name>-<numberOfKeys>.lua`. */
const SCRIPTS = {
  joinRoom: 'join-room-4',
  sendMessage: 'send-message-6',
  changeMessage: 'change-message-6',
  presenceJoin: 'presence-join-6',
  presenceLeave: 'presence-leave-3',
  presenceRefresh: 'presence-refresh-4',
  setLocked: 'set-locked-1',
  kick: 'kick-4',
  deleteRoom: 'delete-room-9',
  extendRoom: 'extend-room-9',
  transferHost: 'transfer-host-3',
  voiceState: 'voice-state-3',
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
const registered = new WeakSet<Redis>();

/** Defines our scripts on a connection (idempotent); ioredis then runs them by EVALSHA with EVAL fallback. */
function ensureScripts(redis: Redis): void {
  if (registered.has(redis)) return;
  for (const [name, { numberOfKeys, lua }] of Object.entries(sources)) {
    redis.defineCommand(commandName(name as ScriptName), { numberOfKeys, lua });
  }
  registered.add(redis);
}

export function runScript(redis: Redis, name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
  ensureScripts(redis);
  const fn = (redis as unknown as Record<string, ScriptFn>)[commandName(name)]!;
  return fn.call(redis, ...keys, ...args);
}
