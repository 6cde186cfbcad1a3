/**
 * Cluster rate limits: the same token bucket as the memory limiter, as one Lua script, so
 * a user's allowance is shared by every node. (rate-limiter-flexible's Redis limiter uses
 * fixed windows; SPEC §13's burst allowance is a token bucket.)
 *
 * A node takes tokens from the shared bucket a few at a time (a *lease*: up to a quarter
 * of the burst, at least one) and spends them locally, so a busy user costs a Redis round
 * trip every few requests instead of every request. A lease is kept for LEASE_MS at most;
 * its unspent tokens then lapse rather than go back. That makes the limit conservative,
 * never generous: all nodes together never admit more than the bucket allows, and a user
 * who moves to another node with tokens still leased on the first may be refused slightly
 * early, for at most LEASE_MS. Refusals (and their retry_after_ms) always come from Redis.
 */
import type { Redis } from 'ioredis';
import type { RateDecision, RateLimiter } from '../ports.js';
import { keys } from './redis-connection.js';

/** How long leased tokens may be spent. */
const LEASE_MS = 1000;
const SWEEP_EVERY = 10_000;

// KEYS: bucket. ARGV: now ms, per second, burst, wanted. Returns {granted, retry_after_ms}.
const BUCKET = `
local now, rate, burst, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local h = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(h[1]) or burst
local at = tonumber(h[2]) or now
tokens = math.min(burst, tokens + (math.max(0, now - at) / 1000) * rate)
local granted = 0
local retry = 0
if tokens >= 1 then granted = math.min(want, math.floor(tokens)); tokens = tokens - granted else retry = math.ceil(((1 - tokens) / rate) * 1000) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.ceil((burst / rate) * 1000) + 1000)
return {granted, retry}
`;
// KEYS: counter. ARGV: max, window ms. Fixed window.
const WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then return {0, redis.call('PTTL', KEYS[1])} end
return {1, 0}
`;

type Cmds = {
  parlorBucket(k: string, now: number, rate: number, burst: number, want: number): Promise<[number, number]>;
  parlorWindow(k: string, max: number, ms: number): Promise<[number, number]>;
};

interface Lease {
  tokens: number;
  until: number;
}

/** Tokens a node takes from the shared bucket at once: a quarter of the burst, at least one. */
export function leaseSize(burst: number): number {
  return Math.max(1, Math.floor(burst / 4));
}

export class RedisRateLimiter implements RateLimiter {
  private readonly leases = new Map<string, Lease>();
  private calls = 0;

  constructor(private readonly redis: Redis) {
    redis.defineCommand('parlorBucket', { numberOfKeys: 1, lua: BUCKET });
    redis.defineCommand('parlorWindow', { numberOfKeys: 1, lua: WINDOW });
  }

  async consume(key: string, limit: { perSecond: number; burst: number }): Promise<RateDecision> {
    const now = Date.now();
    if (++this.calls % SWEEP_EVERY === 0) for (const [k, l] of this.leases) if (l.until <= now) this.leases.delete(k);
    const lease = this.leases.get(key);
    if (lease && lease.tokens >= 1 && lease.until > now) {
      lease.tokens--;
      return { ok: true, retryAfterMs: 0 };
    }
    const [granted, retry] = await (this.redis as unknown as Cmds).parlorBucket(keys.rate(key), now, limit.perSecond, limit.burst, leaseSize(limit.burst));
    if (granted < 1) return { ok: false, retryAfterMs: Math.max(1, retry) };
    if (granted > 1) this.leases.set(key, { tokens: granted - 1, until: now + LEASE_MS });
    else this.leases.delete(key);
    return { ok: true, retryAfterMs: 0 };
  }

  async window(key: string, max: number, windowMs: number): Promise<RateDecision> {
    const [ok, ttl] = await (this.redis as unknown as Cmds).parlorWindow(keys.rate(`w:${key}`), max, windowMs);
    return { ok: ok === 1, retryAfterMs: ok === 1 ? 0 : Math.max(1, ttl) };
  }
}
