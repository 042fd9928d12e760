import type { Writable } from 'node:stream';
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from '@mugharred/redis-schema';

/**
 * Write coalescing per event-loop turn. On this kind of machine a write syscall costs far more than the bytes it
 * carries (~30 µs to a client socket, more to a Redis that it wakes), and under load one turn often writes the
 * same socket several times: an ack and the sender's own delivery, two messages of one room read together from
 * pub/sub, the send_message scripts of many clients to the one Redis connection. A stream written during a turn
 * is corked until the turn's check phase (setImmediate), so those writes leave as one writev. Nothing waits for
 * a timer: the delay is the rest of the turn that was running anyway, and a lone write stays a plain write.
 */
let corked = new Set<Writable>();

function uncorkAll(): void {
  const streams = corked;
  corked = new Set();
  for (const stream of streams) stream.uncork();
}

/** Corks `stream` until the end of this event-loop turn (idempotent within the turn). */
export function holdForTurn(stream: Writable): void {
  if (corked.has(stream)) return;
  if (corked.size === 0) setImmediate(uncorkAll);
  stream.cork();
  corked.add(stream);
}

/** Writes what `stream` holds now, before a close that might destroy it with the turn's writes still held. */
export function releaseNow(stream: Writable): void {
  if (corked.delete(stream)) stream.uncork();
}

type Sender = (...args: Parameters<Redis['sendCommand']>) => unknown;

/** Makes every command this connection writes wait for the end of the turn with the turn's other commands. */
function holdCommandsForTurn(conn: Redis): void {
  const target = conn as unknown as { sendCommand: Sender; stream?: Writable };
  const send = target.sendCommand.bind(conn);
  target.sendCommand = (...args) => {
    if (conn.status === 'ready' && target.stream?.writable) holdForTurn(target.stream);
    return send(...args);
  };
}

/**
 * Coalesces a command client's writes per turn. A cluster client's node connections are left alone: held
 * writes stalled acknowledgements for good after a CLUSTER FAILOVER (failover.e2e.test.ts).
 */
export function batchCommandsPerTurn(redis: RedisClient): void {
  if (!(redis instanceof Cluster)) holdCommandsForTurn(redis);
}
