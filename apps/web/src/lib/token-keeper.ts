import { api, ApiError } from './api.js';
import { readToken } from './jwt.js';
import { saveSession, type RoomSession } from './session-store.js';

/** Refresh the token this long before it expires. */
const REFRESH_LEAD_MS = 5 * 60_000;
/** After a failed refresh that may be temporary (network), try again this soon. */
const RETRY_MS = 15_000;

type SessionLoss = 'session_expired' | 'gone';

interface TokenKeeperHooks {
  /** A fresh token is stored; hand it to the live socket. */
  refreshed(token: string): void;
  /** The session can no longer be renewed: the token is past saving, or the room or membership is gone. */
  lost(reason: SessionLoss): void;
}

/**
 * Keeps one room session's token fresh: renews it over HTTP before it expires (also when a background tab
 * whose timers were throttled comes back), stores it for reloads, and says when renewal is no longer possible.
 */
export class TokenKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private current: RoomSession,
    private readonly hooks: TokenKeeperHooks,
  ) {}

  get session(): RoomSession {
    return this.current;
  }

  start(): void {
    document.addEventListener('visibilitychange', this.onVisible);
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  /** Makes sure the token stays valid for at least `marginMs`; false when the session is lost. */
  async ensureValidFor(marginMs: number): Promise<boolean> {
    const info = readToken(this.current.token);
    if (info && info.expiresAt - Date.now() >= marginMs) return true;
    return this.refresh();
  }

  /** Renews the token now. False when the session can no longer be renewed (the `lost` hook has run). */
  async refresh(): Promise<boolean> {
    try {
      const { token } = await api.refresh(this.current.token);
      this.current = { ...this.current, token };
      saveSession(this.current);
      this.hooks.refreshed(token);
      this.schedule();
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
        // 401: the token is past saving; 403/404: no longer a member, or the room is gone.
        this.hooks.lost(err.status === 401 ? 'session_expired' : 'gone');
        return false;
      }
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), RETRY_MS);
      return (readToken(this.current.token)?.expiresAt ?? 0) > Date.now();
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const info = readToken(this.current.token);
    if (!info) return;
    const delay = Math.max(10_000, info.expiresAt - Date.now() - REFRESH_LEAD_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private onVisible = (): void => {
    if (document.visibilityState !== 'visible') return;
    const info = readToken(this.current.token);
    if (info && info.expiresAt - Date.now() < REFRESH_LEAD_MS) void this.refresh();
  };
}
