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
 * **Renewed ahead.** When a spend leaves the lease below half its size, the node tops it
 * up in the background (one round trip, not waited for): the next request finds tokens in
 * hand instead of waiting for Redis before its own work starts. A request that finds the
 * lease empty while its renewal is on its way waits for that renewal, never sends its own.
 *
 * Exact, never generous: the bucket records each node's live lease (`l:<node>` =
 * `tokens:expiry`), and refills only up to the burst minus the tokens other nodes — and this
 * node — may still spend. A renewal tells the bucket how many tokens the node still holds;
 * the record becomes those plus the new ones, with the new expiry. A first request (no
 * lease in hand, or an expired one) holds none: its record replaces the old. Redis applies
 * a node's calls in the order sent and answers in that order, so the node's tokens in hand
 * never exceed its record. So the bucket plus every unspent lease never holds more than the
 * burst, and all nodes together admit no more than one bucket would. The price is on the
 * strict side: tokens of a lease that lapse unspent (the user went quiet, or moved to
 * another node) are withheld from the burst until the lease's expiry; a user active on one
 * node keeps up to a lease in hand there. Refusals (and their retry_after_ms) always come
 * from Redis.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BucketLimit, RateDecision, RateLimiter } from '../ports.js';
import { keys } from './redis-connection.js';

/** How long leased tokens may be spent, by default. */
const LEASE_MS = 10_000;
const SWEEP_EVERY = 10_000;

// KEYS: bucket. ARGV: now ms, per second, burst, wanted, node id, lease ms, tokens the node
// still holds (a renewal; 0 for a first request), tokens spent at once (1 for a first request).
// Returns {granted, retry_after_ms}. Fields: t tokens, a last refill, l:<node> "leased:expiry".
const BUCKET = `
local now, rate, burst, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local held, spend = tonumber(ARGV[7]), tonumber(ARGV[8])
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
tokens = math.min(burst - reserved - held, tokens + (math.max(0, now - at) / 1000) * rate)
local granted = 0
local retry = 0
if tokens >= 1 then granted = math.min(want, math.floor(tokens)); tokens = tokens - granted else retry = math.ceil(((1 - tokens) / rate) * 1000) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', ARGV[1])
local keep = held + granted - spend
if keep > 0 then redis.call('HSET', KEYS[1], mine, keep .. ':' .. (now + tonumber(ARGV[6]))) else redis.call('HDEL', KEYS[1], mine) end
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
  parlorBucket(k: string, now: number, rate: number, burst: number, want: number, node: string, leaseMs: number, held: number, spend: number): Promise<[number, number]>;
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
  /**
   * The bucket call on its way for a key. At most one per key: a node's calls replace each
   * other's record, so each must know what the one before it left in hand.
   */
  private readonly asking = new Map<string, Promise<unknown>>();
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

  async consume(key: string, limit: BucketLimit): Promise<RateDecision> {
    if (++this.calls % SWEEP_EVERY === 0) {
      const now = Date.now();
      for (const [k, l] of this.leases) if (l.until <= now && !this.asking.has(k)) this.leases.delete(k);
    }
    for (;;) {
      const lease = this.leases.get(key);
      if (lease && lease.tokens >= 1 && lease.until > Date.now()) {
        lease.tokens--;
        this.renewIfLow(key, lease, limit);
        return { ok: true, retryAfterMs: 0 };
      }
      const pending = this.asking.get(key);
      if (!pending) break;
      await pending.then(noop, noop); // a top-up or another request's call: then look again
    }
    const now = Date.now();
    const call = this.bucket(key, limit, leaseSize(limit.burst), 0, 1, now);
    this.asking.set(key, call);
    let granted: number, retry: number;
    try {
      [granted, retry] = await call;
    } finally {
      if (this.asking.get(key) === call) this.asking.delete(key);
    }
    if (granted < 1) return { ok: false, retryAfterMs: Math.max(1, retry) };
    const lease: Lease = { tokens: granted - 1, until: now + this.leaseMs };
    this.leases.set(key, lease);
    this.renewIfLow(key, lease, limit);
    return { ok: true, retryAfterMs: 0 };
  }

  /** Tops the lease up to its size, in the background, when a spend left it below half. */
  private renewIfLow(key: string, lease: Lease, limit: BucketLimit): void {
    const size = leaseSize(limit.burst);
    if (lease.tokens >= Math.ceil(size / 2) || this.asking.has(key)) return;
    const held = lease.tokens;
    const now = Date.now();
    const renewal: Promise<void> = this.bucket(key, limit, size - held, held, 0, now).then(
      ([granted]) => {
        this.asking.delete(key);
        // the record is now `held + granted` until now + leaseMs; in hand is at most that
        lease.tokens += granted;
        lease.until = now + this.leaseMs;
      },
      () => void this.asking.delete(key), // Redis away: the next request asks for itself and hears why
    );
    this.asking.set(key, renewal);
  }

  private bucket(key: string, limit: BucketLimit, want: number, held: number, spend: number, now: number): Promise<[number, number]> {
    return (this.redis as unknown as Cmds).parlorBucket(keys.rate(key), now, limit.perSecond, limit.burst, want, this.node, this.leaseMs, held, spend);
  }

  async window(key: string, max: number, windowMs: number): Promise<RateDecision> {
    const [ok, ttl] = await (this.redis as unknown as Cmds).parlorWindow(keys.rate(`w:${key}`), max, windowMs);
    return { ok: ok === 1, retryAfterMs: ok === 1 ? 0 : Math.max(1, ttl) };
  }
}

function noop(): void {}
