/**
 * A new, empty PostgreSQL database for a test suite or a bench run, named `<prefix>_<hex>`
 * and created through `adminUrl` (a database that exists, e.g. `…/test`); `drop()`
 * removes it (forcing out connections left open). Shared by test/support/cluster.ts and
 * bench/lib/cluster-resources.mjs.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function tempPgDatabase(adminUrl, prefix) {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await c.end();
    },
  };
}
