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

/**
 * Claims a Redis database number (1–15) for this suite: test files run in parallel, and two
 * suites sharing a database would count each other's nodes and flush each other's keys.
 * The claim is a key in database 0 that expires on its own if a run dies.
 */
async function claimRedisDb(): Promise<{ db: number; release(): Promise<void> }> {
  const claims = new Redis(`redis://${REDIS_HOST}/0`);
  const owner = `${process.pid}:${randomBytes(4).toString('hex')}`;
  const start = randomBytes(1)[0]! % 15;
  for (let round = 0; round < 100; round++) {
    for (let i = 0; i < 15; i++) {
      const db = 1 + ((start + i) % 15);
      if ((await claims.set(`parlor-test:db:${db}`, owner, 'EX', 1800, 'NX')) === 'OK') {
        return {
          db,
          async release() {
            if ((await claims.get(`parlor-test:db:${db}`)) === owner) await claims.del(`parlor-test:db:${db}`);
            claims.disconnect();
          },
        };
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  claims.disconnect();
  throw new Error('no free Redis database among 1–15 for 20 s');
}

/** A fresh Redis database number (claimed for this suite alone) and PostgreSQL database. */
export async function clusterResources(): Promise<ClusterResources> {
  const claim = await claimRedisDb();
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
