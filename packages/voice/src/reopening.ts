import { JanusUnreachable } from './janus-error.js';

/**
 * A link to Janus that is opened on first use, shared by concurrent callers, and opened again after it is
 * lost. After a failed open, callers get the same failure at once for `retryMs`, so a down Janus costs a
 * hot path nothing and is not hammered; the first call after that window tries again.
 */
export class Reopening<T> {
  private current: Promise<T> | null = null;
  private ready: T | null = null;
  private failure: { at: number; error: Error } | null = null;

  /** `open` gets a `lost` callback to call when the link dies (socket closed, session gone). */
  constructor(
    private readonly open: (lost: () => void) => Promise<T>,
    private readonly dispose: (link: T) => void,
    private readonly retryMs: number,
  ) {}

  get(): Promise<T> {
    if (this.current) return this.current;
    if (this.failure && Date.now() - this.failure.at < this.retryMs) return Promise.reject(this.failure.error);
    const attempt = this.open(() => {
      if (this.current === attempt) this.forget();
    });
    this.current = attempt;
    attempt.then(
      (link) => {
        if (this.current === attempt) this.ready = link;
        this.failure = null;
      },
      (err: unknown) => {
        if (this.current === attempt) this.forget();
        this.failure = { at: Date.now(), error: err instanceof Error ? err : new JanusUnreachable(String(err)) };
      },
    );
    return attempt;
  }

  /** Closes a link found unusable; when it is the current one, the next get() opens a new one. */
  drop(link: T): void {
    if (this.ready === link) this.forget();
    this.dispose(link);
  }

  close(): void {
    const link = this.ready;
    this.forget();
    this.failure = null;
    if (link) this.dispose(link);
  }

  private forget(): void {
    this.current = null;
    this.ready = null;
  }
}
