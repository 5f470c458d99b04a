/**
 * A fixed log-scale latency histogram: thousands of requests per tick cost one increment each, and
 * quantiles (p50, p95) are read from the buckets with ±12 % resolution, which is all a sparkline needs.
 */
const FIRST_EDGE_MS = 0.1;
const GROWTH = 1.25;
export const BUCKETS = 56; // 0.1 ms … ~26 s

const EDGES: number[] = Array.from({ length: BUCKETS }, (_, i) => FIRST_EDGE_MS * GROWTH ** i);

export class LatencyHistogram {
  readonly counts = new Uint32Array(BUCKETS);
  total = 0;

  add(ms: number): void {
    let i = ms <= FIRST_EDGE_MS ? 0 : Math.ceil(Math.log(ms / FIRST_EDGE_MS) / Math.log(GROWTH));
    if (i >= BUCKETS) i = BUCKETS - 1;
    this.counts[i]!++;
    this.total++;
  }

  /** The bucket's upper edge below which a fraction q of the requests fall; 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const target = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return EDGES[i]!;
    }
    return EDGES[BUCKETS - 1]!;
  }
}
