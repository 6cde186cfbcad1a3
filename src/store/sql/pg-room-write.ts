/**
 * Room writes on PostgreSQL, group-committed: the writes made while the previous batch was
 * on its way go in one statement (one round trip, one commit) — the events are inserted by
 * a data-modifying CTE of the rooms' upsert.
 *
 * The statement is written as SQL text with numbered parameters, not built with Kysely's
 * query builder: it runs for every game step and membership change in cluster mode, and
 * building and compiling the query cost more CPU on the node than sending it.
 *
 * Up to three batches are written at once (on separate pool connections), so a step waits
 * for a free slot, not for the commit of the batch before it. The writes commute: a room
 * row only ever moves to a higher `rev` (the upsert's `where rooms.rev < excluded.rev`)
 * and an event is inserted once per (room, version). Rows go in room-id order (events in
 * (room, version) order), so concurrent batches lock rows in the same order and cannot
 * deadlock.
 */
import { CompiledQuery } from 'kysely';
import { GroupCommit } from '../../core/group-commit.js';
import type { Db } from './schema.js';
import type { RoomRecord } from '../../domain/rooms/room-record.js';
import { eventToRow } from './sql-event-log.js';
import type { RoomWrite, WriteRoom } from './sql-room-mirror.js';

/** `($1, $2, …), (…)`: `rows` tuples of `width` parameters, numbered from `first`. */
function tuples(rows: number, width: number, first: number): string {
  const out: string[] = [];
  let n = first;
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(`$${n++}`);
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

/** Batches being written at once. */
const CONCURRENT_BATCHES = 3;

const byRoomThenVersion = (a: { room_id: string; version: number }, b: { room_id: string; version: number }) =>
  a.room_id < b.room_id ? -1 : a.room_id > b.room_id ? 1 : a.version - b.version;

function roomWriteQuery(writes: RoomWrite[], now: number): CompiledQuery {
  const events = writes.flatMap((w) => w.events.map(eventToRow)).sort(byRoomThenVersion);
  // one row per room (the newest rev): an upsert may not touch the same row twice
  const newest = new Map<string, RoomRecord>();
  for (const { room } of writes) if ((newest.get(room.room_id)?.rev ?? -1) < room.rev) newest.set(room.room_id, room);
  const params: unknown[] = [];
  for (const e of events) params.push(e.room_id, e.version, e.user_id, e.action, e.payload, e.result, e.action_id, e.ts);
  const rooms = [...newest.values()].sort((a, b) => (a.room_id < b.room_id ? -1 : 1));
  for (const r of rooms) params.push(r.room_id, r.status, JSON.stringify(r), now, r.rev);
  const cte = events.length
    ? `with new_events as (insert into events (room_id, version, user_id, action, payload, result, action_id, ts) values ${tuples(events.length, 8, 1)} on conflict (room_id, version) do nothing) `
    : '';
  const text =
    `${cte}insert into rooms (room_id, status, data, updated_at, rev) values ${tuples(newest.size, 5, events.length * 8 + 1)} ` +
    'on conflict (room_id) do update set status = excluded.status, data = excluded.data, updated_at = excluded.updated_at, rev = excluded.rev where rooms.rev < excluded.rev';
  return CompiledQuery.raw(text, params);
}

export function pgRoomWrite(db: Db): WriteRoom {
  const batches = new GroupCommit(async (writes: RoomWrite[]) => {
    await db.executeQuery(roomWriteQuery(writes, Date.now()));
    return writes.map(() => undefined);
  }, 512, CONCURRENT_BATCHES);
  return (w) => batches.add(w);
}
