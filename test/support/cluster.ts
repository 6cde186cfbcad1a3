/**
 * Cluster fixtures: a Redis database number and a PostgreSQL database of their own per
 * test file, and N real server processes sharing them. Without Redis/PostgreSQL the
 * suite is skipped with a clear line — except under CI=true, where that is a failure.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TestServer } from './server.js';
import { tempPgDatabase as createTempPgDatabase } from '../../scripts/temp-pg-database.mjs';
import { claimRedisDb } from '../../scripts/redis-db-claim.mjs';

export const REDIS_HOST = process.env.TEST_REDIS_HOST ?? '127.0.0.1:6379';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function reachable(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':') as [string, string];
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

/** null when Redis and PostgreSQL answer; else the reason to skip (throws under CI=true). */
export async function clusterUnavailable(): Promise<string | null> {
  const pgHost = new URL(PG_URL).host;
  const missing: string[] = [];
  if (!(await reachable(REDIS_HOST))) missing.push(`no Redis at ${REDIS_HOST}`);
  if (!(await reachable(pgHost))) missing.push(`no PostgreSQL at ${pgHost}`);
  if (!missing.length) return null;
  const reason = `skipped: ${missing.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: the cluster suites must run)`);
  console.log(reason);
  return reason;
}

export interface ClusterResources {
  redisUrl: string;
  databaseUrl: string;
  redisDb: number;
  teardown(): Promise<void>;
}

/** A fresh Redis database number (claimed for this suite alone) and PostgreSQL database. */
export async function clusterResources(): Promise<ClusterResources> {
  // test files run in parallel (and a bench may run beside them): a database of its own
  const claim = await claimRedisDb(REDIS_HOST);
  const redisDb = claim.db;
  const redis = new Redis(`redis://${REDIS_HOST}/${redisDb}`);
  await redis.flushdb();
  const db = await tempPgDatabase('parlor_t');
  return {
    redisUrl: `redis://${REDIS_HOST}/${redisDb}`,
    databaseUrl: db.url,
    redisDb,
    async teardown() {
      await redis.flushdb().catch(() => {});
      redis.disconnect();
      await db.drop();
      await claim.release().catch(() => {});
    },
  };
}

/** A new, empty PostgreSQL database named `<prefix>_<hex>`; `drop()` removes it. */
export function tempPgDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  return createTempPgDatabase(PG_URL, prefix);
}

/** N nodes on their own ports sharing the resources and one JWT secret. */
export async function startNodes(res: ClusterResources, n: number, env: Record<string, string> = {}): Promise<TestServer[]> {
  const secret = randomBytes(24).toString('hex');
  return Promise.all(
    Array.from({ length: n }, () => TestServer.start({ env: { REDIS_URL: res.redisUrl, DATABASE_URL: res.databaseUrl, JWT_SECRET: secret, RATE_LIMIT_SCALE: '100', ...env } })),
  );
}
