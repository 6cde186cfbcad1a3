/** Latency samples (milliseconds) and their percentiles. Exact: samples are kept and sorted once. */
export class Samples {
  constructor(cap = 4_000_000) {
    this.buf = new Float64Array(1024);
    this.n = 0;
    this.cap = cap;
    this.dropped = 0;
  }

  add(ms) {
    if (this.n === this.buf.length) {
      if (this.n >= this.cap) return void this.dropped++;
      const next = new Float64Array(Math.min(this.cap, this.n * 2));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = ms;
  }

  summary() {
    if (this.n === 0) return { count: 0, p50: null, p99: null, max: null };
    const s = this.buf.subarray(0, this.n).sort();
    const at = (q) => s[Math.min(this.n - 1, Math.floor(q * this.n))];
    return { count: this.n, p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[this.n - 1]) };
  }
}

export function round(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return x ?? null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `task(i)` for i in [0, n) with at most `limit` in flight. */
export async function pool(n, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
}
