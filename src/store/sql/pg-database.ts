import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database as Schema, Db } from './schema.js';
import { migrate } from './migrations.js';
import { PgStatements } from './pg-statements.js';

/**
 * Connects to PostgreSQL (`DATABASE_URL`) and migrates; migrations are serialized by an
 * advisory lock. Kysely and the prepared hot statements share one pool.
 */
export async function openPostgres(url: string): Promise<{ db: Db; statements: PgStatements }> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {
    /* a broken idle client is dropped by the pool; queries report their own errors */
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(727274)');
    try {
      await migrate(db, 'postgres');
    } finally {
      await client.query('select pg_advisory_unlock(727274)');
    }
  } finally {
    client.release();
  }
  return { db, statements: new PgStatements(pool) };
}
