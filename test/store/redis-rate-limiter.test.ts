/**
 * The cluster rate limiter's leases (src/store/redis/redis-rate-limiter.ts): nodes take
 * tokens from the shared bucket a few at a time, and all nodes together never admit more
 * than the bucket allows (the bucket does not refill what a live lease may still spend).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisRateLimiter, leaseSize } from '../../src/store/redis/redis-rate-limiter.js';
import { keys } from '../../src/store/redis/redis-connection.js';
import { clusterResources, clusterUnavailable, type ClusterResources } from '../support/cluster.js';

const skip = await clusterUnavailable();

describe.skipIf(skip !== null)('cluster rate limits with leases', () => {
  let res: ClusterResources;
  const conns: Redis[] = [];
  const node = (leaseMs?: number) => {
    const r = new Redis(res.redisUrl);
    conns.push(r);
    return new RedisRateLimiter(r, leaseMs);
  };
  beforeAll(async () => {
    res = await clusterResources();
  });
  afterAll(async () => {
    for (const c of conns) c.disconnect();
    await res?.teardown();
  });

  it('takes a quarter of the burst at a time, at least one token', () => {
    expect([1, 3, 4, 10, 20, 1000].map(leaseSize)).toEqual([1, 1, 1, 2, 5, 250]);
  });

  it('never admits more than the shared bucket holds, however the requests spread over nodes', async () => {
    const [a, b, c] = [node(), node(), node()];
    const limit = { perSecond: 0.5, burst: 20 };
    const decisions = [];
    for (let i = 0; i < 60; i++) decisions.push(await [a, b, c][i % 3]!.consume('user:game', limit));
    const admitted = decisions.filter((d) => d.ok).length;
    // 20 in the bucket, + at most 0.5/s of refill during the loop; leases may lapse unspent (conservative)
    expect(admitted).toBeLessThanOrEqual(21);
    expect(admitted).toBeGreaterThanOrEqual(10);
    const refused = decisions.filter((d) => !d.ok);
    expect(refused.length).toBeGreaterThan(0);
    for (const d of refused) expect(d.retryAfterMs).toBeGreaterThan(0);
  });

  it('does not refill what another node may still spend: the bucket and the live leases together hold at most the burst', async () => {
    const [a, b] = [node(), node()];
    const limit = { perSecond: 20, burst: 20 }; // leases of 5
    expect((await a.consume('user:room', limit)).ok).toBe(true); // a holds 4 unspent tokens
    await new Promise((resolve) => setTimeout(resolve, 400)); // the bucket refills (8 tokens' worth)
    const started = Date.now();
    let admitted = 0;
    for (let i = 0; i < 30; i++) if ((await b.consume('user:room', limit)).ok) admitted++;
    const refill = ((Date.now() - started) / 1000) * limit.perSecond;
    // without a's record the bucket would be full again (20); with it, 20 - 4
    expect(admitted).toBeLessThanOrEqual(16 + Math.ceil(refill));
    expect(admitted).toBeGreaterThanOrEqual(12);
    // and a still spends its lease locally
    for (let i = 0; i < 4; i++) expect((await a.consume('user:room', limit)).ok).toBe(true);
  });

  it('lets one node spend a lease without asking Redis, tops it up ahead, and lets unspent tokens lapse', async () => {
    const r = new Redis(res.redisUrl);
    conns.push(r);
    const limiter = new RedisRateLimiter(r, 1000);
    // count the calls to the bucket
    const calls: unknown[] = [];
    const bucket = (r as unknown as { parlorBucket: (...a: unknown[]) => Promise<unknown> }).parlorBucket;
    (r as unknown as { parlorBucket: (...a: unknown[]) => Promise<unknown> }).parlorBucket = (...a: unknown[]) => (calls.push(a), bucket.apply(r, a));
    const limit = { perSecond: 0.1, burst: 8 }; // leases of 2
    const admin = new Redis(res.redisUrl);
    conns.push(admin);
    // what the shared bucket holds (refill of 0.1/s is below the rounding here)
    const left = async () => Math.floor(Number(await admin.hget(keys.rate('user:chat'), 't')));
    expect((await limiter.consume('user:chat', limit)).ok).toBe(true); // leases 2, spends 1, keeps 1 (half the lease: no top-up)
    expect(calls).toHaveLength(1);
    expect(await left()).toBe(6);
    expect((await limiter.consume('user:chat', limit)).ok).toBe(true); // spends the kept one at once, and tops up behind it
    expect(calls).toHaveLength(2);
    await expect.poll(left).toBe(4);
    expect((await limiter.consume('user:chat', limit)).ok).toBe(true); // from the top-up: no call
    expect((await limiter.consume('user:chat', limit)).ok).toBe(true); // the last one in hand; another top-up
    expect(calls).toHaveLength(3);
    await expect.poll(left).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the top-up's 2 unspent tokens lapse
    expect((await limiter.consume('user:chat', limit)).ok).toBe(true); // a new lease of the last 2
    expect(calls).toHaveLength(4);
    expect(await left()).toBe(0);
    expect((await limiter.consume('user:chat', limit)).ok).toBe(true); // the last one in hand (the top-up finds nothing)
    await expect.poll(() => calls.length).toBe(5);
    const refused = await limiter.consume('user:chat', limit);
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
  });

  it('admits no more than the bucket when one user\'s requests arrive at once on two nodes (top-ups and first requests in flight together)', async () => {
    const [a, b] = [node(), node()];
    const limit = { perSecond: 0.5, burst: 20 }; // leases of 5
    const started = Date.now();
    const decisions = await Promise.all(Array.from({ length: 80 }, (_, i) => [a, b][i % 2]!.consume('user:burst', limit)));
    const refill = ((Date.now() - started) / 1000) * limit.perSecond;
    const admitted = decisions.filter((d) => d.ok).length;
    expect(admitted).toBeLessThanOrEqual(20 + Math.ceil(refill));
    expect(admitted).toBeGreaterThanOrEqual(10);
    for (const d of decisions.filter((x) => !x.ok)) expect(d.retryAfterMs).toBeGreaterThan(0);
  });
});
