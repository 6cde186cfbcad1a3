/**
 * The durable copy of rooms and their event log in SQL: the embedded store writes through
 * to it, the cluster store writes behind its Redis compare-and-set (and rebuilds Redis
 * from it after Redis lost its data). A write never replaces a newer rev.
 *
 * Writes of different rooms made at the same time are committed together (group commit);
 * each `write` resolves only once its transaction has committed.
 */
import type { Db } from './schema.js';
import type { GameEvent } from '../ports.js';
import type { RoomRecord } from '../../domain/rooms/room-record.js';

export interface RoomWrite {
  room: RoomRecord;
  events: GameEvent[];
  /** `JSON.stringify(room)`, when the caller already made it (the cluster store sends it to Redis too). */
  json?: string;
}

/**
 * Stores the room (unless the stored rev is newer) and appends its events atomically,
 * durably before it answers. One per engine, each group-committing the writes made at the
 * same time: sqlite-statements.ts, pg-writes.ts.
 */
export type WriteRoom = (w: RoomWrite) => Promise<void>;

export class SqlRoomMirror {
  /** @param roomData a prepared read of a stored room's JSON (SQLite's), used instead of Kysely */
  constructor(
    private readonly db: Db,
    private readonly writeRoom: WriteRoom,
    private readonly roomData: ((roomId: string) => string | undefined) | null = null,
  ) {}

  /** Stores the room and appends its new events in one transaction (`json`: the room already serialized). */
  write(room: RoomRecord, events: GameEvent[], json?: string): Promise<void> {
    return this.writeRoom(json === undefined ? { room, events } : { room, events, json });
  }

  async read(roomId: string): Promise<RoomRecord | null> {
    if (this.roomData) {
      const data = this.roomData(roomId);
      return data === undefined ? null : (JSON.parse(data) as RoomRecord);
    }
    const row = await this.db.selectFrom('rooms').select('data').where('room_id', '=', roomId).executeTakeFirst();
    return row ? (JSON.parse(row.data) as RoomRecord) : null;
  }

  async loadOpen(): Promise<RoomRecord[]> {
    const rows = await this.db.selectFrom('rooms').select('data').where('status', '!=', 'closed').execute();
    return rows.map((r) => JSON.parse(r.data) as RoomRecord);
  }
}
