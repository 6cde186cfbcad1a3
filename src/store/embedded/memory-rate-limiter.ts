/**
 * In-process rate limits. Written here rather than taken from rate-limiter-flexible's
 * memory backend because SPEC §13 asks for a token bucket with a burst (chat: 5/s, burst
 * 10), which that library's fixed windows do not model, and because this sits on every
 * request's hot path: two numbers per key, no timers, no allocation per call.
 */
import type { BucketLimit, RateDecision, RateLimiter } from '../ports.js';

interface Bucket {
  tokens: number;
  at: number;
}

const SWEEP_EVERY = 10_000;

export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly windows = new Map<string, number[]>();
  private calls = 0;

  async consume(key: string, limit: BucketLimit): Promise<RateDecision> {
    const now = Date.now();
    this.maybeSweep(now);
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { tokens: limit.burst, at: now }));
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, retryAfterMs: 0 };
    }
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((1 - b.tokens) / limit.perSecond) * 1000)) };
  }

  async window(key: string, max: number, windowMs: number): Promise<RateDecision> {
    const now = Date.now();
    this.maybeSweep(now);
    let stamps = this.windows.get(key);
    if (!stamps) this.windows.set(key, (stamps = []));
    while (stamps.length && stamps[0]! <= now - windowMs) stamps.shift();
    if (stamps.length >= max) return { ok: false, retryAfterMs: Math.max(1, stamps[0]! + windowMs - now) };
    stamps.push(now);
    return { ok: true, retryAfterMs: 0 };
  }

  /** Drops idle keys now and then so the maps do not grow with every user ever seen. */
  private maybeSweep(now: number): void {
    if (++this.calls % SWEEP_EVERY !== 0) return;
    for (const [k, b] of this.buckets) if (now - b.at > 60_000) this.buckets.delete(k);
    for (const [k, s] of this.windows) if (!s.length || now - s[s.length - 1]! > 60_000) this.windows.delete(k);
  }
}
