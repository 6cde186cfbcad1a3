/**
 * The hot writes on PostgreSQL (cluster mode), group-committed together: room steps with
 * their log events, game results, and the durable rows of timers. The writes made while
 * earlier batches are on their way go in ONE statement — one round trip and one commit —
 * as data-modifying CTEs of one another. A commit costs PostgreSQL a fixed few hundred µs
 * on top of the rows (measured: one room write alone 233 µs of backend CPU, four in one
 * statement 105 µs each), and in cluster mode every room operation also writes a timer
 * row or a result: before, each was a transaction of its own.
 *
 * The statement is SQL text with numbered parameters, not Kysely's query builder: it runs
 * for every game step and membership change, and building and compiling the query cost the
 * node more CPU than sending it. Its common shapes run as prepared statements
 * (pg-statements.ts).
 *
 * Up to three batches are written at once (on separate pool connections), so a step waits
 * for a free slot, not for the commit of the batch before it. Room writes and results
 * commute: a room row only ever moves to a higher `rev` (`where rooms.rev < excluded.rev`),
 * an event is inserted once per (room, version), a result once per room. Timer rows do
 * not (a schedule and a cancel of one key must land in their order), so a timer write
 * waits while a batch holding its key is on its way (GroupCommit's `keyOf`), and within a
 * batch the last write of a key wins. Rows go in key order, so concurrent batches lock
 * rows in the same order and cannot deadlock.
 */
import { GroupCommit } from '../../core/group-commit.js';
import type { PgStatements } from './pg-statements.js';
import type { MatchRecord, Timer } from '../ports.js';
import { eventToRow } from './sql-event-log.js';
import type { RoomWrite, WriteRoom } from './sql-room-mirror.js';

/** The durable rows of cluster timers (store/redis/redis-scheduler.ts keeps the live entries in Redis). */
export interface TimerRows {
  set(t: Timer): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface PgWrites {
  writeRoom: WriteRoom;
  recordMatch(m: MatchRecord): Promise<void>;
  timerRows: TimerRows;
}

type PgWrite = { room: RoomWrite } | { match: MatchRecord } | { timerKey: string; timer: Timer | null };

/** Batches being written at once. */
const CONCURRENT_BATCHES = 3;

/** Numbered parameters and `($1, $2, …), (…)` tuples. */
class Params {
  readonly values: unknown[] = [];

  tuples(rows: unknown[][]): string {
    return rows
      .map((row) => {
        const cells = row.map((v) => {
          this.values.push(v);
          return `$${this.values.length}`;
        });
        return `(${cells.join(', ')})`;
      })
      .join(', ');
  }
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** The batch as one statement: every part but the last becomes a data-modifying CTE. */
export function pgWriteQuery(writes: PgWrite[], now: number): { text: string; values: unknown[] } {
  const events: ReturnType<typeof eventToRow>[] = [];
  const rooms = new Map<string, RoomWrite>(); // the newest rev of each room: an upsert may not touch a row twice
  const matches = new Map<string, MatchRecord>(); // the first result of a room (as `do nothing` keeps the first)
  const timers = new Map<string, Timer | null>(); // the last write of each key
  for (const w of writes) {
    if ('room' in w) {
      for (const e of w.room.events) events.push(eventToRow(e));
      const { room } = w.room;
      if ((rooms.get(room.room_id)?.room.rev ?? -1) < room.rev) rooms.set(room.room_id, w.room);
    } else if ('match' in w) {
      if (!matches.has(w.match.room_id)) matches.set(w.match.room_id, w.match);
    } else {
      timers.set(w.timerKey, w.timer);
    }
  }
  const p = new Params();
  const parts: string[] = [];
  if (events.length) {
    events.sort((a, b) => byKey<typeof a>((e) => e.room_id)(a, b) || a.version - b.version);
    const rows = events.map((e) => [e.room_id, e.version, e.user_id, e.action, e.payload, e.result, e.action_id, e.ts]);
    parts.push(`insert into events (room_id, version, user_id, action, payload, result, action_id, ts) values ${p.tuples(rows)} on conflict (room_id, version) do nothing`);
  }
  if (matches.size) {
    const ms = [...matches.values()].sort(byKey((m) => m.room_id));
    const rows = ms.map((m) => [m.room_id, m.game_type, JSON.stringify(m.players), JSON.stringify(m.result), m.ended_at]);
    parts.push(`insert into matches (room_id, game_type, players, result, ended_at) values ${p.tuples(rows)} on conflict (room_id) do nothing`);
    const players = new Map<string, unknown[]>();
    for (const m of ms) for (const user of m.players) players.set(`${user}\u0000${m.room_id}`, [user, m.room_id, m.ended_at]);
    const rows2 = [...players.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
    if (rows2.length) parts.push(`insert into match_players (user_id, room_id, ended_at) values ${p.tuples(rows2)} on conflict (user_id, room_id) do nothing`);
  }
  const keys = [...timers.keys()].sort();
  const gone = keys.filter((k) => timers.get(k) === null);
  if (gone.length) parts.push(`delete from timers where key in ${p.tuples([gone])}`);
  const set = keys.flatMap((k) => {
    const t = timers.get(k);
    return t ? [[t.key, t.kind, t.due_at, JSON.stringify(t.data)]] : [];
  });
  if (set.length) {
    parts.push(`insert into timers (key, kind, due_at, data) values ${p.tuples(set)} on conflict (key) do update set kind = excluded.kind, due_at = excluded.due_at, data = excluded.data`);
  }
  if (rooms.size) {
    const rows = [...rooms.values()].sort(byKey((w) => w.room.room_id)).map(({ room: r, json }) => [r.room_id, r.status, json ?? JSON.stringify(r), now, r.rev]);
    parts.push(
      `insert into rooms (room_id, status, data, updated_at, rev) values ${p.tuples(rows)} ` +
        'on conflict (room_id) do update set status = excluded.status, data = excluded.data, updated_at = excluded.updated_at, rev = excluded.rev where rooms.rev < excluded.rev',
    );
  }
  const main = parts.pop()!;
  const ctes = parts.map((part, i) => `w${i} as (${part})`);
  return { text: ctes.length ? `with ${ctes.join(', ')} ${main}` : main, values: p.values };
}

export function pgWrites(statements: PgStatements): PgWrites {
  const batches = new GroupCommit(
    async (writes: PgWrite[]) => {
      const { text, values } = pgWriteQuery(writes, Date.now());
      await statements.query(text, values);
      return writes.map(() => undefined);
    },
    512,
    CONCURRENT_BATCHES,
    (w) => ('timerKey' in w ? `timer:${w.timerKey}` : null),
  );
  return {
    writeRoom: (room) => batches.add({ room }),
    recordMatch: (match) => batches.add({ match }),
    timerRows: {
      set: (timer) => batches.add({ timerKey: timer.key, timer }),
      delete: (key) => batches.add({ timerKey: key, timer: null }),
    },
  };
}
