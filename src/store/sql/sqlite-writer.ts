/**
 * Group commit for the SQLite file: the writes every store makes in the same moment — room
 * steps, timers, results, users (chat messages take sqlite-chat-journal.ts) — run in one
 * transaction, and each caller's promise settles once that transaction has committed. A
 * commit (WAL frames, file locks) costs more than several rows; this way many writes share
 * one.
 */
import type { Database as SqliteFile } from 'better-sqlite3';
import { GroupCommit } from '../../core/group-commit.js';
import type { Db } from './schema.js';
import type { SqliteCheckpointer } from './sqlite-checkpointer.js';

export class SqliteWriter {
  private readonly commits: GroupCommit<() => unknown, unknown>;

  /** @param checkpointer lets a batch run except while it holds writes to let the WAL start over */
  constructor(file: SqliteFile, db: Db, checkpointer: SqliteCheckpointer) {
    const runAll = file.transaction((writes: (() => unknown)[]) => writes.map((w) => w()));
    // The statements run synchronously, so no Kysely query can come between them. Only a
    // Kysely transaction (begun, awaiting, not yet committed: the migrations at start) could
    // hold the file open; then the batch waits for Kysely's connection, so as not to land
    // inside that transaction. Otherwise it commits at once (borrowing the connection for
    // every batch cost a promise-based lock and ~6 % of the allocations of a game move).
    this.commits = new GroupCommit(async (writes) => (file.inTransaction ? db.connection().execute(async () => runAll(writes)) : checkpointer.write(() => runAll(writes))));
  }

  /** Runs `write` (synchronous statements) in the coming group transaction; answers its result once committed. */
  run<T>(write: () => T): Promise<T> {
    return this.commits.add(write) as Promise<T>;
  }
}
