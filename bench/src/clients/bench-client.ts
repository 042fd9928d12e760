import type { WorkerClient } from '../worker-protocol.js';

/** What the load generator needs from a client of either system. */
export interface BenchClient {
  send(roomId: string, text: string, clientMsgId: string): void;
  /** A typing signal (Mugharred only: `--typing-rate` needs `--systems mugharred`). */
  typing(roomId: string): void;
  close(): void;
}

interface ClientEvents {
  /** The text of a chat message delivered to this client (its own included). */
  onText(text: string): void;
  /** The server confirmed that it stored the message (systems with acknowledgements only). */
  onAck(clientMsgId: string): void;
  /** An error reported by the server after the client joined; `clientMsgId` when it refuses a message. */
  onError(code: string, clientMsgId?: string): void;
  onClose(): void;
}

/** Connects, authenticates with the room token and joins the room; resolves once the join is confirmed. */
export type ConnectClient = (spec: WorkerClient, events: ClientEvents) => Promise<BenchClient>;
