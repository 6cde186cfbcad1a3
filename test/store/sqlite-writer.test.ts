/**
 * The SQLite group commit (src/store/sql/sqlite-writer.ts) commits at once, but never
 * inside a Kysely transaction that is open on the same file: a batch that arrives while
 * one is open waits for it, and is not undone by its rollback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/sql/sqlite-database.js';
import { SqliteWriter } from '../../src/store/sql/sqlite-writer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-writer-'));
  dirs.push(dir);
  const { db, file, checkpointer } = await openSqlite(dir);
  const insert = file.prepare("insert into timers (key, kind, due_at, data) values (?, 'test', 0, '{}')");
  const keys = () => (file.prepare('select key from timers order by key').all() as { key: string }[]).map((r) => r.key);
  return { db, file, writer: new SqliteWriter(file, db, checkpointer), insert, keys };
}

describe('SqliteWriter', () => {
  it('commits batches of writes and answers each once committed', async () => {
    const { db, writer, insert, keys } = await open();
    const answers = await Promise.all(['a', 'b', 'c'].map((k) => writer.run(() => insert.run(k).changes)));
    expect(answers).toEqual([1, 1, 1]);
    expect(keys()).toEqual(['a', 'b', 'c']);
    await db.destroy();
  });

  it('waits for an open Kysely transaction instead of landing inside it, and survives its rollback', async () => {
    const { db, file, writer, insert, keys } = await open();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let began!: () => void;
    const begun = new Promise<void>((r) => (began = r));
    const kyselyTx = db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into timers (key, kind, due_at, data) values ('in-tx', 'test', 0, '{}')`.execute(trx);
        began();
        await held;
        throw new Error('roll back');
      })
      .catch((e: Error) => e.message);
    await begun;
    expect(file.inTransaction).toBe(true);
    let committed = false;
    const write = writer.run(() => insert.run('outside')).then(() => (committed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(committed).toBe(false); // held behind the open transaction
    release();
    expect(await kyselyTx).toBe('roll back');
    await write;
    expect(keys()).toEqual(['outside']); // the rollback took only its own row
    await db.destroy();
  });
});
