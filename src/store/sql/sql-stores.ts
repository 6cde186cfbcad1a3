/** The SQL side of the stores, on SQLite (DATA_DIR) or PostgreSQL (DATABASE_URL). */
import { sql } from 'kysely';
import type { Db } from './schema.js';
import type { MatchRecord } from '../ports.js';
import { openSqlite } from './sqlite-database.js';
import { openPostgres } from './pg-database.js';
import { SqlEventLog } from './sql-event-log.js';
import { SqlChatStore, type MessageRow } from './sql-chat-store.js';
import { SqlMatchStore } from './sql-match-store.js';
import { SqlChallengeStore } from './sql-challenge-store.js';
import { SqlUserStore } from './sql-user-store.js';
import { SqlRoomMirror } from './sql-room-mirror.js';
import { pgMessageInsert } from './pg-message-insert.js';
import { pgWrites, type TimerRows } from './pg-writes.js';
import { SqliteWriter } from './sqlite-writer.js';
import { sqliteStatements, type SqliteStatements } from './sqlite-statements.js';

export interface SqlStores {
  db: Db;
  engine: 'sqlite' | 'postgres';
  mirror: SqlRoomMirror;
  events: SqlEventLog;
  chat: SqlChatStore;
  matches: SqlMatchStore;
  challenges: SqlChallengeStore;
  users: SqlUserStore;
  /** SQLite's group-committed prepared writes (null on PostgreSQL), for the embedded scheduler. */
  fast: SqliteStatements | null;
  /** PostgreSQL's group-committed timer rows (null on SQLite), for the cluster scheduler. */
  timerRows: TimerRows | null;
  ping(): Promise<boolean>;
}

/** The SQL stores on PostgreSQL: with the timer rows the cluster scheduler needs. */
export type PgStores = SqlStores & { engine: 'postgres'; timerRows: TimerRows };

/** A room's newest messages on PostgreSQL, newest first (columns named: it runs prepared). */
const RECENT_MESSAGES = 'select seq, room_id, user_id, name, text, ts, client_msg_id from messages where room_id = $1 order by seq desc limit $2';

export async function openPgStores(databaseUrl: string): Promise<PgStores> {
  const { db, statements } = await openPostgres(databaseUrl);
  // room steps, results and timer rows share one group commit (pg-writes.ts)
  const writes = pgWrites(statements);
  const chat = new SqlChatStore(db, pgMessageInsert(statements), { recent: async (roomId, limit) => (await statements.query<MessageRow>(RECENT_MESSAGES, [roomId, limit])).rows });
  return build({ db, engine: 'postgres', fast: null, timerRows: writes.timerRows, chat, mirror: new SqlRoomMirror(db, writes.writeRoom), recordMatch: writes.recordMatch });
}

export async function openSqlStores(opts: { dataDir: string; databaseUrl: string | null }): Promise<SqlStores> {
  if (opts.databaseUrl) return openPgStores(opts.databaseUrl);
  // On SQLite the hot writes (room steps, timers, results, users) are prepared statements
  // committed together (group commit), and the hot reads prepared statements too.
  // Chat messages go to a journal first, moved into the table in bulk (sqlite-chat-journal.ts).
  const { db, file, journal, checkpointer } = await openSqlite(opts.dataDir);
  const fast = sqliteStatements(file, new SqliteWriter(file, db, checkpointer));
  const chat = new SqlChatStore(db, (m) => journal.insert(m), { recent: fast.recentMessages, settle: () => journal.settle() });
  return build({ db, engine: 'sqlite', fast, timerRows: null, chat, mirror: new SqlRoomMirror(db, fast.writeRoom, fast.roomData), recordMatch: fast.recordMatch });
}

type Parts = Pick<SqlStores, 'db' | 'engine' | 'fast' | 'timerRows' | 'chat' | 'mirror'> & { recordMatch: (m: MatchRecord) => Promise<void> };

/** The stores over `parts` (their engine-specific types kept: PostgreSQL's timer rows are not null). */
function build<P extends Parts>({ recordMatch, ...parts }: P): SqlStores & Omit<P, 'recordMatch'> {
  const { db } = parts;
  return {
    ...parts,
    events: new SqlEventLog(db, parts.fast?.actionEvent ?? null),
    matches: new SqlMatchStore(db, recordMatch),
    challenges: new SqlChallengeStore(db),
    users: new SqlUserStore(db, parts.fast?.upsertUser),
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
  };
}
