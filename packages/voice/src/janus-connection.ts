import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { JanusError, JanusUnreachable } from './janus-error.js';

export type JanusMessage = Record<string, unknown> & { janus: string; transaction?: string };

/** Which WebSocket server: the Janus API (`janus-protocol`) or the Admin API (`janus-admin-protocol`). */
export type JanusProtocol = 'janus-protocol' | 'janus-admin-protocol';

interface Pending {
  untilAck: boolean;
  resolve: (m: JanusMessage) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * One WebSocket to Janus carrying JSON requests matched to replies by transaction. A request resolves with
 * the first reply that is not an `ack` (or with the `ack` itself for `untilAck`, as keepalives get only
 * that), and rejects with JanusError for `{janus:'error'}` or JanusUnreachable when the socket fails or
 * the reply takes longer than `timeoutMs`. Messages without a pending transaction (plugin events,
 * hangups, timeouts) go to `onEvent` listeners.
 */
export class JanusConnection {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(m: JanusMessage) => void>();
  private closeListeners = new Set<() => void>();

  private constructor(
    private readonly ws: WebSocket,
    private readonly timeoutMs: number,
  ) {
    ws.on('message', (data) => this.receive(data.toString()));
    ws.on('close', () => {
      for (const [id, p] of this.pending) this.settle(id, p, new JanusUnreachable('connection closed'));
      for (const listener of this.closeListeners) listener();
      this.closeListeners.clear();
    });
    ws.on('error', () => undefined);
  }

  /** Opens a connection; rejects with JanusUnreachable within `timeoutMs` when nothing answers. */
  static open(url: string, protocol: JanusProtocol, timeoutMs = 5000): Promise<JanusConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocol, { handshakeTimeout: timeoutMs });
      const fail = (err: Error) => {
        ws.terminate();
        reject(new JanusUnreachable(`${url}: ${err.message}`));
      };
      ws.once('error', fail);
      ws.once('open', () => {
        ws.off('error', fail);
        resolve(new JanusConnection(ws, timeoutMs));
      });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  request(body: Record<string, unknown>, { untilAck = false } = {}): Promise<JanusMessage> {
    if (!this.open) return Promise.reject(new JanusUnreachable('connection closed'));
    const transaction = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pending.get(transaction);
        if (p) this.settle(transaction, p, new JanusUnreachable(`no reply to ${String(body.janus)} in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(transaction, { untilAck, resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...body, transaction }));
    });
  }

  onEvent(listener: (m: JanusMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onClose(listener: () => void): void {
    if (this.ws.readyState === WebSocket.CLOSED) listener();
    else this.closeListeners.add(listener);
  }

  close(): void {
    this.ws.terminate();
  }

  private receive(text: string): void {
    let message: JanusMessage;
    try {
      message = JSON.parse(text) as JanusMessage;
    } catch {
      return;
    }
    const id = message.transaction;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || id === undefined) {
      for (const listener of this.listeners) listener(message);
      return;
    }
    if (message.janus === 'ack' && !p.untilAck) return;
    if (message.janus === 'error') {
      const error = message.error as { code?: number; reason?: string } | undefined;
      this.settle(id, p, new JanusError(error?.code ?? 0, error?.reason ?? 'error'));
    } else this.settle(id, p, message);
  }

  private settle(id: string, p: Pending, outcome: JanusMessage | Error): void {
    clearTimeout(p.timer);
    this.pending.delete(id);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }
}
