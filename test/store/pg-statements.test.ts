/**
 * PgStatements against a real PostgreSQL: a common text becomes a prepared statement of
 * the connection (seen in `pg_prepared_statements`), and no more than MAX_NAMES texts ever
 * do. Skipped with a clear line without PostgreSQL, except under CI=true.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_NAMES, PgStatements } from '../../src/store/sql/pg-statements.js';
import { clusterUnavailable, tempPgDatabase } from '../support/cluster.js';

const skip = await clusterUnavailable();

describe.skipIf(skip !== null)('PostgreSQL prepared statements', () => {
  let db: { url: string; drop(): Promise<void> };
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await tempPgDatabase('parlor_ps');
  });
  // a pool of one connection for each test (PgStatements owns the names of its pool): what is prepared on it can be read back from it
  beforeEach(async () => {
    pool = new pg.Pool({ connectionString: db.url, max: 1 });
    await pool.query('create table if not exists t (k integer primary key, v text not null)');
  });
  afterEach(async () => pool.end());
  afterAll(async () => db?.drop());

  const prepared = async () => (await pool.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements order by name')).rows;

  it('prepares a text on its third use, and answers the same before and after', async () => {
    const s = new PgStatements(pool);
    const insert = 'insert into t (k, v) values ($1, $2) returning k, v';
    expect((await s.query(insert, [1, 'a'])).rows).toEqual([{ k: 1, v: 'a' }]);
    expect((await s.query(insert, [2, 'b'])).rows).toEqual([{ k: 2, v: 'b' }]);
    expect(await prepared()).toEqual([]);
    expect((await s.query(insert, [3, 'c'])).rows).toEqual([{ k: 3, v: 'c' }]);
    expect((await s.query(insert, [4, 'd'])).rows).toEqual([{ k: 4, v: 'd' }]);
    expect(await prepared()).toEqual([{ name: 'parlor_0', statement: insert }]);
    expect(s.named).toBe(1);
    // a failing run of the prepared statement fails alone; the statement stays usable
    await expect(s.query(insert, [4, 'again'])).rejects.toThrow(/duplicate key/);
    expect((await s.query(insert, [5, 'e'])).rows).toEqual([{ k: 5, v: 'e' }]);
    expect((await pool.query('select count(*)::int as n from t')).rows[0].n).toBe(5);
  });

  it('never prepares a text longer than a common shape (a batch of hundreds of rows)', async () => {
    const s = new PgStatements(pool);
    const long = `select v from t where k = $1 and v <> '${'x'.repeat(5000)}'`;
    for (let i = 0; i < 5; i++) expect((await s.query(long, [1])).rows).toEqual([{ v: 'a' }]);
    expect(await prepared()).toEqual([]);
    expect(s.named).toBe(0);
  });

  it(`names at most ${MAX_NAMES} texts; the others keep running unnamed`, async () => {
    const s = new PgStatements(pool);
    const texts = Array.from({ length: MAX_NAMES + 6 }, (_, i) => `select v, ${i} as i from t where k = $1`);
    for (let round = 0; round < 3; round++) {
      for (const [i, text] of texts.entries()) expect((await s.query(text, [1])).rows).toEqual([{ v: 'a', i }]);
    }
    expect(s.named).toBe(MAX_NAMES);
    expect(await prepared()).toHaveLength(MAX_NAMES);
    // the texts over the cap still answer, unnamed
    expect((await s.query(texts.at(-1)!, [2])).rows).toEqual([{ v: 'b', i: MAX_NAMES + 5 }]);
    expect(await prepared()).toHaveLength(MAX_NAMES);
  });
});
