/**
 * A short cluster-wide mutex (SET NX PX + compare-and-delete), used to serialize
 * matchmaking per game type across nodes. Within a node, a queue keeps callers from
 * competing for the Redis key.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KeyedQueue } from '../../core/keyed-queue.js';
import { keys } from './redis-connection.js';

const TTL_MS = 10_000;
const WAIT_MS = 10_000;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisLock {
  private readonly local = new KeyedQueue();

  constructor(private readonly redis: Redis) {
    redis.defineCommand('parlorRelease', { numberOfKeys: 1, lua: RELEASE });
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const token = randomBytes(12).toString('hex');
      const k = keys.lock(key);
      const deadline = Date.now() + WAIT_MS;
      let delay = 5;
      while ((await this.redis.set(k, token, 'PX', TTL_MS, 'NX')) !== 'OK') {
        if (Date.now() > deadline) throw new Error(`lock ${key} not acquired within ${WAIT_MS} ms`);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 50);
      }
      try {
        return await task();
      } finally {
        await (this.redis as unknown as { parlorRelease(k: string, t: string): Promise<number> }).parlorRelease(k, token).catch(() => 0);
      }
    });
  }
}
