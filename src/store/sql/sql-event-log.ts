import type { EventsTable, Db } from './schema.js';
import type { EventLog, GameEvent } from '../ports.js';
import type { Selectable } from 'kysely';

export function rowToEvent(r: Selectable<EventsTable>): GameEvent {
  return {
    room_id: r.room_id,
    version: Number(r.version),
    user_id: r.user_id,
    action: r.action,
    payload: JSON.parse(r.payload),
    result: r.result === null ? undefined : JSON.parse(r.result),
    action_id: r.action_id,
    ts: Number(r.ts),
  };
}

export function eventToRow(e: GameEvent): EventsTable {
  return {
    room_id: e.room_id,
    version: e.version,
    user_id: e.user_id,
    action: e.action,
    payload: JSON.stringify(e.payload ?? {}),
    result: e.result === undefined ? null : JSON.stringify(e.result),
    action_id: e.action_id,
    ts: e.ts,
  };
}

/** A prepared lookup of the row an action made (SQLite's, from sqlite-statements.ts). */
export type ActionRowLookup = (roomId: string, userId: string, actionId: string) => Selectable<EventsTable> | undefined;

export class SqlEventLog implements EventLog {
  constructor(
    private readonly db: Db,
    private readonly actionRow: ActionRowLookup | null = null,
  ) {}

  async since(roomId: string, since: number, limit = 10_000): Promise<GameEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('version', '>', since)
      .orderBy('version')
      .limit(limit)
      .execute();
    return rows.map(rowToEvent);
  }

  async byActionId(roomId: string, userId: string, actionId: string): Promise<GameEvent | null> {
    if (this.actionRow) {
      const row = this.actionRow(roomId, userId, actionId);
      return row ? rowToEvent(row) : null;
    }
    const r = await this.db
      .selectFrom('events')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .where('action_id', '=', actionId)
      .executeTakeFirst();
    return r ? rowToEvent(r) : null;
  }

  /** The room's events made by a client's action (those with an action_id), oldest first. */
  async withActionIds(roomId: string): Promise<GameEvent[]> {
    const rows = await this.db.selectFrom('events').selectAll().where('room_id', '=', roomId).where('action_id', 'is not', null).orderBy('version').execute();
    return rows.map(rowToEvent);
  }
}
