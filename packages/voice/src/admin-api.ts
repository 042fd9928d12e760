import { JanusConnection } from './janus-connection.js';
import { JANUS_CODES, JanusError, JanusUnreachable } from './janus-error.js';
import { Reopening } from './reopening.js';

export interface LinkOptions {
  /** How long a connect or a request may take before Janus counts as unreachable, in ms. */
  timeoutMs: number;
  /** After a failed connect, calls fail at once for this long before the next attempt, in ms. */
  retryMs: number;
}

/**
 * Janus's Admin API (its own WebSocket server, subprotocol janus-admin-protocol, authenticated by
 * admin_secret): the stored tokens that let browsers use the Janus API. Tokens live in Janus's memory only.
 */
export class AdminApi {
  private readonly link: Reopening<JanusConnection>;

  constructor(
    url: string,
    private readonly adminSecret: string,
    options: LinkOptions,
  ) {
    this.link = new Reopening(
      async (lost) => {
        const conn = await JanusConnection.open(url, 'janus-admin-protocol', options.timeoutMs);
        conn.onClose(lost);
        return conn;
      },
      (conn) => conn.close(),
      options.retryMs,
    );
  }

  /** Adds (or re-adds) a token that opens only these plugins. */
  async addToken(token: string, plugins: readonly string[]): Promise<void> {
    await this.request({ janus: 'add_token', token, plugins });
  }

  /** Removes a token; one Janus no longer holds is already removed. Takes effect on the token's next request. */
  async removeToken(token: string): Promise<void> {
    try {
      await this.request({ janus: 'remove_token', token });
    } catch (err) {
      if (!(err instanceof JanusError && err.code === JANUS_CODES.tokenNotFound)) throw err;
    }
  }

  async listTokens(): Promise<string[]> {
    const reply = await this.request({ janus: 'list_tokens' });
    const tokens = (reply.data as { tokens?: { token: string }[] } | undefined)?.tokens ?? [];
    return tokens.map((t) => t.token);
  }

  async ping(): Promise<void> {
    await this.request({ janus: 'ping' });
  }

  close(): void {
    this.link.close();
  }

  private async request(body: Record<string, unknown>) {
    const conn = await this.link.get();
    try {
      return await conn.request({ ...body, admin_secret: this.adminSecret });
    } catch (err) {
      if (err instanceof JanusUnreachable) this.link.drop(conn);
      throw err;
    }
  }
}
