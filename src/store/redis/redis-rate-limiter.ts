/**
 * Cluster rate limits: the same token bucket as the memory limiter, as one Lua script, so
 * a user's allowance is shared by every node. (rate-limiter-flexible's Redis limiter uses
 * fixed windows; SPEC §13's burst allowance is a token bucket.)
 *
 * A node takes tokens from the shared bucket a few at a time (a *lease*: up to a quarter
 * of the burst, at least one) and spends them locally for up to `leaseMs` (10 s), so a
 * user costs a Redis round trip every few requests instead of every request, also at the
 * pace of a board game. Unspent tokens of a lease lapse; they never go back.
 *
 * Exact, never generous: the bucket records each node's live lease (`l:<node>` =
 * `tokens:expiry`), and refills only up to the burst minus the tokens other nodes — and this
 * node, until it asks again — may still spend. So the bucket plus every unspent lease never
 * holds more than the burst, and all nodes together admit no more than one bucket would.
 * The price is on the strict side: tokens of a lease that lapse unspent (the user went
 * quiet, or moved to another node) are withheld from the burst until the lease's expiry.
 * A node asks again only when its lease is spent or expired, and its new lease replaces
 * its old one. Refusals (and their retry_after_ms) always come from Redis.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateDecision, RateLimiter } from '../ports.js';
import { keys } from './redis-connection.js';

/** How long leased tokens may be spent, by default. */
const LEASE_MS = 10_000;
const SWEEP_EVERY = 10_000;

// KEYS: bucket. ARGV: now ms, per second, burst, wanted, node id, lease ms.
// Returns {granted, retry_after_ms}. Fields: t tokens, a last refill, l:<node> "leased:expiry".
const BUCKET = `
local now, rate, burst, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local mine = 'l:' .. ARGV[5]
local h = redis.call('HGETALL', KEYS[1])
local tokens, at, reserved = burst, now, 0
for i = 1, #h, 2 do
  local f, v = h[i], h[i + 1]
  if f == 't' then tokens = tonumber(v)
  elseif f == 'a' then at = tonumber(v)
  elseif f ~= mine then
    local n, exp = string.match(v, '^([^:]+):(.+)$')
    if tonumber(exp) > now then reserved = reserved + tonumber(n) else redis.call('HDEL', KEYS[1], f) end
  end
end
tokens = math.min(burst - reserved, tokens + (math.max(0, now - at) / 1000) * rate)
local granted = 0
local retry = 0
if tokens >= 1 then granted = math.min(want, math.floor(tokens)); tokens = tokens - granted else retry = math.ceil(((1 - tokens) / rate) * 1000) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', ARGV[1])
if granted > 1 then redis.call('HSET', KEYS[1], mine, (granted - 1) .. ':' .. (now + tonumber(ARGV[6]))) else redis.call('HDEL', KEYS[1], mine) end
redis.call('PEXPIRE', KEYS[1], math.max(math.ceil((burst / rate) * 1000), tonumber(ARGV[6])) + 1000)
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
  parlorBucket(k: string, now: number, rate: number, burst: number, want: number, node: string, leaseMs: number): Promise<[number, number]>;
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
  /** This node's name in the buckets' lease records. */
  private readonly node = randomBytes(6).toString('hex');

  constructor(
    private readonly redis: Redis,
    private readonly leaseMs = LEASE_MS,
  ) {
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
    const [granted, retry] = await (this.redis as unknown as Cmds).parlorBucket(keys.rate(key), now, limit.perSecond, limit.burst, leaseSize(limit.burst), this.node, this.leaseMs);
    if (granted < 1) return { ok: false, retryAfterMs: Math.max(1, retry) };
    if (granted > 1) this.leases.set(key, { tokens: granted - 1, until: now + this.leaseMs });
    else this.leases.delete(key);
    return { ok: true, retryAfterMs: 0 };
  }

  async window(key: string, max: number, windowMs: number): Promise<RateDecision> {
    const [ok, ttl] = await (this.redis as unknown as Cmds).parlorWindow(keys.rate(`w:${key}`), max, windowMs);
    return { ok: ok === 1, retryAfterMs: ok === 1 ? 0 : Math.max(1, ttl) };
  }
}
