/**
 * The hot writes on SQLite as prepared statements (no query building, SQL parsing or
 * planning per write), each run through the SqliteWriter's group commit (chat messages
 * take the chat journal instead: sqlite-chat-journal.ts), and the hot
 * reads (a move's action_id, looked up on every move a client SDK sends; a room by id, read
 * on every room creation to see that its id is free; a room's recent messages, on every
 * join). The stores use these in place of their Kysely queries when the engine is SQLite.
 */
import type { Database as SqliteFile } from 'better-sqlite3';
import type { MatchRecord, Timer, UserRecord } from '../ports.js';
import type { EventsTable } from './schema.js';
import type { MessageRow } from './sql-chat-store.js';
import { eventToRow } from './sql-event-log.js';
import type { RoomWrite } from './sql-room-mirror.js';
import type { SqliteWriter } from './sqlite-writer.js';

export interface SqliteStatements {
  writeRoom(w: RoomWrite): Promise<void>;
  upsertTimer(t: Timer): Promise<void>;
  /** Deletes the timer row (only the one due at `dueAt`, when given). */
  deleteTimer(key: string, dueAt?: number): Promise<void>;
  recordMatch(m: MatchRecord): Promise<void>;
  upsertUser(u: UserRecord): Promise<void>;
  /** The log row a client's action made, if any (a read: at once, outside the group commit). */
  actionEvent(roomId: string, userId: string, actionId: string): EventsTable | undefined;
  /** A stored room's JSON, if any. */
  roomData(roomId: string): string | undefined;
  /** A room's newest messages, newest first. */
  recentMessages(roomId: string, limit: number): MessageRow[];
}

export function sqliteStatements(file: SqliteFile, writer: SqliteWriter): SqliteStatements {
  const event = file.prepare(
    'insert into events (room_id, version, user_id, action, payload, result, action_id, ts) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (room_id, version) do nothing',
  );
  const room = file.prepare(
    'insert into rooms (room_id, status, data, updated_at, rev) values (?, ?, ?, ?, ?) ' +
      'on conflict (room_id) do update set status = excluded.status, data = excluded.data, updated_at = excluded.updated_at, rev = excluded.rev where rooms.rev < excluded.rev',
  );
  const timer = file.prepare('insert into timers (key, kind, due_at, data) values (?, ?, ?, ?) on conflict (key) do update set kind = excluded.kind, due_at = excluded.due_at, data = excluded.data');
  const deleteTimer = file.prepare('delete from timers where key = ?');
  const deleteTimerDue = file.prepare('delete from timers where key = ? and due_at = ?');
  const match = file.prepare('insert into matches (room_id, game_type, players, result, ended_at) values (?, ?, ?, ?, ?) on conflict (room_id) do nothing');
  const matchPlayer = file.prepare('insert into match_players (user_id, room_id, ended_at) values (?, ?, ?) on conflict (user_id, room_id) do nothing');
  const actionEvent = file.prepare('select * from events where room_id = ? and user_id = ? and action_id = ?');
  const roomData = file.prepare('select data from rooms where room_id = ?').pluck();
  const recentMessages = file.prepare('select * from messages where room_id = ? order by seq desc limit ?');
  const user = file.prepare('insert into users (user_id, name, last_seen) values (?, ?, ?) on conflict (user_id) do update set name = excluded.name, last_seen = excluded.last_seen');

  return {
    writeRoom: ({ room: r, events }) => {
      const rows = events.map(eventToRow);
      const data = JSON.stringify(r);
      return writer.run(() => {
        for (const e of rows) event.run(e.room_id, e.version, e.user_id, e.action, e.payload, e.result, e.action_id, e.ts);
        room.run(r.room_id, r.status, data, Date.now(), r.rev);
      });
    },
    upsertTimer: (t) => {
      const data = JSON.stringify(t.data);
      return writer.run(() => void timer.run(t.key, t.kind, t.due_at, data));
    },
    deleteTimer: (key, dueAt) => writer.run(() => void (dueAt === undefined ? deleteTimer.run(key) : deleteTimerDue.run(key, dueAt))),
    recordMatch: (m) => {
      const players = JSON.stringify(m.players);
      const result = JSON.stringify(m.result);
      return writer.run(() => {
        match.run(m.room_id, m.game_type, players, result, m.ended_at);
        for (const p of m.players) matchPlayer.run(p, m.room_id, m.ended_at);
      });
    },
    upsertUser: (u) => writer.run(() => void user.run(u.user_id, u.name, u.last_seen)),
    actionEvent: (roomId, userId, actionId) => actionEvent.get(roomId, userId, actionId) as EventsTable | undefined,
    roomData: (roomId) => roomData.get(roomId) as string | undefined,
    recentMessages: (roomId, limit) => recentMessages.all(roomId, limit) as MessageRow[],
  };
}
