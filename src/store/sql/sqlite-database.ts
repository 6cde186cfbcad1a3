import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as Schema, Db } from './schema.js';
import { migrate } from './migrations.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { SqliteChatJournal } from './sqlite-chat-journal.js';

/**
 * Opens (creating if needed) `parlor.sqlite` in `dataDir`, in WAL mode, migrated. Answers
 * Kysely, the file itself (for the prepared statements of hot paths), the chat journal
 * beside it (`parlor.chat-journal`, sqlite-chat-journal.ts) and the checkpointer (whose
 * `write` the group commit goes through).
 */
export async function openSqlite(dataDir: string): Promise<{ db: Db; file: Database.Database; journal: SqliteChatJournal; checkpointer: SqliteCheckpointer }> {
  fs.mkdirSync(dataDir, { recursive: true });
  const owner = claimDataDir(dataDir);
  const filePath = path.join(dataDir, 'parlor.sqlite');
  const file = new Database(filePath);
  // WAL + NORMAL: a committed transaction survives a process crash (kill -9); only a
  // power loss could lose the last few, which is the usual trade for this mode.
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = NORMAL');
  file.pragma('busy_timeout = 5000');
  const checkpointer = new SqliteCheckpointer(file, filePath);
  let journal: SqliteChatJournal | null = null;
  // Kysely closes the file when destroyed: move the journaled messages in and stop the checkpointer first
  const database = { prepare: cachedStatements(file), close: () => (journal?.close(), checkpointer.stop(), file.close(), owner.close()) };
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  await migrate(db, 'sqlite');
  journal = new SqliteChatJournal(file, path.join(dataDir, 'parlor.chat-journal'));
  return { db, file, journal, checkpointer };
}

/** The `code` of the error a second process on a DATA_DIR stops with (main.ts prints its message alone). */
export const DATA_DIR_IN_USE = 'PARLOR_DATA_DIR_IN_USE';

/**
 * One process owns a DATA_DIR: its rooms live in that process's memory and the chat journal
 * hands out message numbers from memory, so a second process on the same directory would
 * corrupt both. The claim is an exclusive lock on `parlor.lock` (a SQLite file, so SQLite's
 * file locking does the work), held until the process closes it or dies — `kill -9`
 * included: the operating system drops a dead process's locks.
 */
function claimDataDir(dataDir: string): Database.Database {
  const owner = new Database(path.join(dataDir, 'parlor.lock'), { timeout: 0 });
  owner.pragma('locking_mode = EXCLUSIVE');
  try {
    owner.exec('begin exclusive');
  } catch (err) {
    owner.close();
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    throw Object.assign(new Error(`DATA_DIR ${dataDir} is in use by another Parlor process (one process per DATA_DIR; run a cluster for more)`), { code: DATA_DIR_IN_USE });
  }
  return owner;
}

const STATEMENT_CACHE = 500;

/**
 * Kysely prepares every query anew, and SQLite's parsing and planning then cost more than
 * running it. Statements are kept by SQL text (one query shape always compiles to the same
 * text; the values are bound), the oldest dropped past 500; a statement still being
 * iterated is never handed out twice.
 */
function cachedStatements(file: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const stmt = file.prepare(sql);
    if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    cache.set(sql, stmt);
    return stmt;
  };
}
