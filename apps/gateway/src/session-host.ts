import type { FastifyBaseLogger } from 'fastify';
import type { RateBudget, RedisClient } from '@mugharred/redis-schema';
import type { Verifier } from '@mugharred/service-kit';
import type { VoiceControl } from '@mugharred/voice';
import type { GatewayConfig } from './config.js';
import type { MessageCounter } from './message-counter.js';
import type { RoomRelay } from './room-relay.js';
import type { TypingBatcher } from './typing-batcher.js';

/**
 * What a session needs from the replica that accepted it (the Gateway): its config and connections, the room
 * relays and the bookkeeping a leaving session hands back. `S` is the session type, so this file and session.ts
 * need not import each other.
 */
export interface SessionHost<S> {
  readonly config: Readonly<GatewayConfig>;
  readonly redis: RedisClient;
  readonly jwt: Verifier;
  readonly voice: VoiceControl | null;
  readonly log: FastifyBaseLogger;
  readonly counter: MessageCounter;
  readonly budget: RateBudget;
  readonly typing: TypingBatcher;
  holdRelay(roomId: string): Promise<RoomRelay>;
  releaseRelay(relay: RoomRelay): void;
  leaveRelay(session: S): void;
  forget(session: S): void;
  settle(write: Promise<unknown>): void;
  sweepAfterGrace(roomId: string): void;
}
