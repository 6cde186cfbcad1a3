/**
 * Cluster rate limits: the same token bucket as the memory limiter, as one Lua script, so
 * a user's allowance is shared by every node. (rate-limiter-flexible's Redis limiter uses
 * fixed windows; SPEC §13's burst allowance is a token bucket.)
 */
import type { Redis } from 'ioredis';
import type { RateDecision, RateLimiter } from '../ports.js';
import { keys } from './redis-connection.js';

// KEYS: bucket. ARGV: now ms, per second, burst. Returns {ok, retry_after_ms}.
const BUCKET = `
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local h = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(h[1]) or burst
local at = tonumber(h[2]) or now
tokens = math.min(burst, tokens + (math.max(0, now - at) / 1000) * rate)
local ok = 0
local retry = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 else retry = math.ceil(((1 - tokens) / rate) * 1000) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.ceil((burst / rate) * 1000) + 1000)
return {ok, retry}
`;
// KEYS: counter. ARGV: max, window ms. Fixed window.
const WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then return {0, redis.call('PTTL', KEYS[1])} end
return {1, 0}
`;

type Cmds = { parlorBucket(k: string, now: number, rate: number, burst: number): Promise<[number, number]>; parlorWindow(k: string, max: number, ms: number): Promise<[number, number]> };

export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('parlorBucket', { numberOfKeys: 1, lua: BUCKET });
    redis.defineCommand('parlorWindow', { numberOfKeys: 1, lua: WINDOW });
  }

  async consume(key: string, limit: { perSecond: number; burst: number }): Promise<RateDecision> {
    const [ok, retry] = await (this.redis as unknown as Cmds).parlorBucket(keys.rate(key), Date.now(), limit.perSecond, limit.burst);
    return { ok: ok === 1, retryAfterMs: Math.max(ok === 1 ? 0 : 1, retry) };
  }

  async window(key: string, max: number, windowMs: number): Promise<RateDecision> {
    const [ok, ttl] = await (this.redis as unknown as Cmds).parlorWindow(keys.rate(`w:${key}`), max, windowMs);
    return { ok: ok === 1, retryAfterMs: ok === 1 ? 0 : Math.max(1, ttl) };
  }
}
