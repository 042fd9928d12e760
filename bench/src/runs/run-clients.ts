import WebSocket from 'ws';
import type { Seat } from './run-stack.js';

/** A member's socket as the web app holds one: opened with the room token, joined, answering pings (ws does). */
export interface Joined {
  ws: WebSocket;
  /** Upgrade + token check + join confirmed, in ms. */
  joinMs: number;
  /** Resolves with the close code once the socket closes. */
  closed: Promise<number>;
}

export function join(seat: Seat, port = seat.port, timeoutMs = 30_000): Promise<Joined> {
  const started = performance.now();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?room=${seat.roomId}&token=${seat.token}`);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`not joined within ${timeoutMs} ms`));
    }, timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(why));
    };
    ws.once('unexpected-response', (_req, res) => fail(`upgrade refused with ${res.statusCode}`));
    ws.once('error', (err) => fail(err.message));
    ws.once('open', () => ws.send(JSON.stringify({ type: 'join_room', roomId: seat.roomId })));
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type: string; event?: string; code?: string };
      if (frame.type === 'room_event' && frame.event === 'joined') {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve({ ws, joinMs: performance.now() - started, closed });
      } else if (frame.type === 'error') fail(`join refused: ${frame.code}`);
    };
    ws.on('message', onMessage);
    void closed.then((code) => fail(`closed with ${code} before joining`));
  });
}

/** Runs `task` over `items` with at most `limit` in flight; results in order, failures as Error values. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<(R | Error)[]> {
  const results: (R | Error)[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    }
  });
  await Promise.all(lanes);
  return results;
}

/** The p-th percentile (0..100) of `values`, NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** "p50 12 ms, p99 80 ms, max 95 ms" */
export const spread = (ms: readonly number[]) =>
  `p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, max ${percentile(ms, 100).toFixed(0)} ms`;

/** Failures by message, most common first: "12 x upgrade refused with 503". */
export function failures(results: readonly unknown[]): string {
  const counts = new Map<string, number>();
  for (const r of results) if (r instanceof Error) counts.set(r.message, (counts.get(r.message) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${n} x ${m}`).join('; ') || 'none';
}
