/** Latency buckets of 10 µs up to 10 s; anything slower lands in the last bucket. */
const BUCKET_MS = 0.01;
const BUCKETS = 1_000_000;

/** A latency histogram that merges across processes (sent over IPC as [bucket, count] pairs). */
export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;

  add(ms: number): void {
    const i = Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)));
    this.counts[i]!++;
    this.count++;
  }

  toPairs(): [number, number][] {
    const pairs: [number, number][] = [];
    this.counts.forEach((c, i) => {
      if (c > 0) pairs.push([i, c]);
    });
    return pairs;
  }

  addPairs(pairs: [number, number][]): void {
    for (const [i, c] of pairs) {
      this.counts[i]! += c;
      this.count += c;
    }
  }

  /** The latency (upper edge of its bucket, in ms) below which a fraction `q` of the samples fall; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return (i + 1) * BUCKET_MS;
    }
    return BUCKETS * BUCKET_MS;
  }
}
