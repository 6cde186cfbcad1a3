/**
 * Cluster mode needs Redis and PostgreSQL: a Redis database number nobody uses (an empty
 * one, flushed between targets) and a temporary PostgreSQL database, dropped at the end.
 */
import { tempPgDatabase } from '../../scripts/temp-pg-database.mjs';
import { Redis } from 'ioredis';

export const REDIS_HOST = process.env.BENCH_REDIS_HOST ?? '127.0.0.1:6379';
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Picks an empty Redis database (15 down to 1); null when Redis does not answer. */
export async function openRedisDb() {
  const probe = new Redis(`redis://${REDIS_HOST}/0`, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await probe.connect();
    for (let db = 15; db >= 1; db--) {
      await probe.select(db);
      if ((await probe.dbsize()) === 0) {
        await probe.set('bench:owner', String(process.pid));
        return {
          url: `redis://${REDIS_HOST}/${db}`,
          db,
          async flush() {
            await probe.select(db);
            await probe.flushdb();
            await probe.set('bench:owner', String(process.pid));
          },
          async close() {
            await probe.select(db);
            await probe.flushdb();
            probe.disconnect();
          },
        };
      }
    }
    throw new Error('no empty Redis database among 1–15');
  } catch (e) {
    probe.disconnect();
    throw e;
  }
}

/** A fresh PostgreSQL database (parlor_bench_<hex>): `{url, drop()}`. */
export function openPgDb() {
  return tempPgDatabase(PG_URL, 'parlor_bench');
}

/** Redis's own pid (to report its CPU beside the nodes'), or null. */
export async function redisPid(url) {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await r.info('server');
    return Number(/process_id:(\d+)/.exec(info)?.[1]) || null;
  } finally {
    r.disconnect();
  }
}
