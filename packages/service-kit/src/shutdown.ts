/**
 * Runs `close` once on SIGINT/SIGTERM, then exits. A second signal exits at once.
 * Only main.ts files call this: apps built by tests never install signal handlers.
 */
export function onShutdown(close: () => Promise<void>, log: { info: (msg: string) => void; error: (o: object, msg: string) => void }): void {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    log.info(`${signal}: shutting down`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
