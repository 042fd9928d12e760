import type { WorkerClient } from '../worker-protocol.js';

/** What the load generator needs from a client of either system. */
export interface BenchClient {
  send(roomId: string, text: string, clientMsgId: string): void;
  close(): void;
}

export interface ClientEvents {
  /** The text of a chat message delivered to this client (its own included). */
  onText(text: string): void;
  /** A refusal or error reported by the server after the client joined. */
  onError(code: string): void;
  onClose(): void;
}

/** Connects, authenticates with the room token and joins the room; resolves once the join is confirmed. */
export type ConnectClient = (spec: WorkerClient, events: ClientEvents) => Promise<BenchClient>;
