/**
 * Cluster mode needs Redis and PostgreSQL: a Redis database number nobody uses (claimed as
 * the test suites claim theirs, and empty; flushed between targets) and a temporary PostgreSQL database, dropped at the end.
 */
import { tempPgDatabase } from '../../scripts/temp-pg-database.mjs';
import { claimRedisDb } from '../../scripts/redis-db-claim.mjs';
import { Redis } from 'ioredis';

export const REDIS_HOST = process.env.BENCH_REDIS_HOST ?? '127.0.0.1:6379';
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Claims an empty Redis database (the same claims as the test suites, so a bench beside them never shares one). */
export async function openRedisDb() {
  const claim = await claimRedisDb(REDIS_HOST, { emptyOnly: true, waitMs: 5000 });
  const db = claim.db;
  const conn = new Redis(`redis://${REDIS_HOST}/${db}`, { maxRetriesPerRequest: 1 });
  return {
    url: `redis://${REDIS_HOST}/${db}`,
    db,
    async flush() {
      await conn.flushdb();
    },
    async close() {
      await conn.flushdb();
      conn.disconnect();
      await claim.release();
    },
  };
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
