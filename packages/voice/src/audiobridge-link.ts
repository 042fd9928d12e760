import type { LinkOptions } from './admin-api.js';
import { JanusConnection, type JanusMessage } from './janus-connection.js';
import { JANUS_CODES, JanusError, JanusUnreachable } from './janus-error.js';
import { Reopening } from './reopening.js';

export const AUDIOBRIDGE = 'janus.plugin.audiobridge';

/** Janus destroys a session after session_timeout (60 s in infra/janus) without a request; janus.js uses 25 s. */
const KEEPALIVE_MS = 25_000;

interface Handle {
  conn: JanusConnection;
  sessionId: number;
  handleId: number;
  keepalive: NodeJS.Timeout;
}

/**
 * The backend's own Janus API session with one AudioBridge handle, authenticated by api_secret. Opened on
 * first use, kept alive, and opened again when the socket closes or Janus says the session is gone (it
 * expired, or Janus restarted): the request that found out is retried once on the new session.
 */
export class AudioBridgeLink {
  private readonly link: Reopening<Handle>;

  constructor(
    url: string,
    private readonly apiSecret: string,
    options: LinkOptions,
  ) {
    this.link = new Reopening((lost) => this.open(url, options.timeoutMs, lost), dispose, options.retryMs);
  }

  /**
   * Sends an AudioBridge request and returns its `plugindata.data`. Rejects with JanusError when Janus or
   * the plugin refuses it (the plugin's `error_code`), JanusUnreachable when Janus does not answer.
   */
  async request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const handle = await this.link.get();
    try {
      return await this.send(handle, body);
    } catch (err) {
      if (!(err instanceof JanusError) || !isSessionLost(err)) throw err;
      this.link.drop(handle);
      return this.send(await this.link.get(), body);
    }
  }

  async ping(): Promise<void> {
    const handle = await this.link.get();
    try {
      await handle.conn.request({ janus: 'ping' });
    } catch (err) {
      if (err instanceof JanusUnreachable) this.link.drop(handle);
      throw err;
    }
  }

  close(): void {
    this.link.close();
  }

  private async send(handle: Handle, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    let reply: JanusMessage;
    try {
      reply = await handle.conn.request({
        janus: 'message',
        session_id: handle.sessionId,
        handle_id: handle.handleId,
        body,
        apisecret: this.apiSecret,
      });
    } catch (err) {
      if (err instanceof JanusUnreachable) this.link.drop(handle);
      throw err;
    }
    const data = (reply.plugindata as { data?: Record<string, unknown> } | undefined)?.data ?? {};
    if (typeof data.error_code === 'number') throw new JanusError(data.error_code, String(data.error ?? 'audiobridge error'));
    return data;
  }

  private async open(url: string, timeoutMs: number, lost: () => void): Promise<Handle> {
    const conn = await JanusConnection.open(url, 'janus-protocol', timeoutMs);
    try {
      const auth = { apisecret: this.apiSecret };
      const session = await conn.request({ janus: 'create', ...auth });
      const sessionId = (session.data as { id: number }).id;
      const attached = await conn.request({ janus: 'attach', session_id: sessionId, plugin: AUDIOBRIDGE, ...auth });
      const handleId = (attached.data as { id: number }).id;
      const keepalive = setInterval(() => {
        conn.request({ janus: 'keepalive', session_id: sessionId, ...auth }, { untilAck: true }).catch(() => conn.close());
      }, KEEPALIVE_MS);
      keepalive.unref();
      conn.onClose(() => {
        clearInterval(keepalive);
        lost();
      });
      // Janus announces an expired session on the socket; the next request then opens a new one.
      conn.onEvent((m) => {
        if (m.janus === 'timeout' && m.session_id === sessionId) conn.close();
      });
      return { conn, sessionId, handleId, keepalive };
    } catch (err) {
      conn.close();
      throw err;
    }
  }
}

function dispose(handle: Handle): void {
  clearInterval(handle.keepalive);
  handle.conn.close();
}

const isSessionLost = (err: JanusError) => err.code === JANUS_CODES.noSuchSession || err.code === JANUS_CODES.noSuchHandle;
