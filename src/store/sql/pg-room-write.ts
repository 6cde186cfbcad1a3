/**
 * Room writes on PostgreSQL, group-committed: the writes made while the previous batch was
 * on its way go in one statement (one round trip, one commit) — the events are inserted by
 * a data-modifying CTE of the rooms' upsert.
 */
import { GroupCommit } from '../../core/group-commit.js';
import type { Db } from './schema.js';
import type { RoomRecord } from '../../domain/rooms/room-record.js';
import { eventToRow } from './sql-event-log.js';
import type { RoomWrite, WriteRoom } from './sql-room-mirror.js';

export function pgRoomWrite(db: Db): WriteRoom {
  const batches = new GroupCommit(async (writes: RoomWrite[]) => {
    const now = Date.now();
    const events = writes.flatMap((w) => w.events.map(eventToRow));
    // one row per room (the newest rev): an upsert may not touch the same row twice
    const newest = new Map<string, RoomRecord>();
    for (const { room } of writes) if ((newest.get(room.room_id)?.rev ?? -1) < room.rev) newest.set(room.room_id, room);
    const rooms = [...newest.values()].map((r) => ({ room_id: r.room_id, status: r.status, data: JSON.stringify(r), updated_at: now, rev: r.rev }));
    // (the CTE adds a table the rooms' insert never names: typing it as Db is exact enough)
    const q = (events.length ? db.with('new_events', (w) => w.insertInto('events').values(events).onConflict((oc) => oc.columns(['room_id', 'version']).doNothing())) : db) as unknown as Db;
    await q
      .insertInto('rooms')
      .values(rooms)
      .onConflict((oc) =>
        oc
          .column('room_id')
          .doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), data: eb.ref('excluded.data'), updated_at: eb.ref('excluded.updated_at'), rev: eb.ref('excluded.rev') }))
          .whereRef('rooms.rev', '<', 'excluded.rev'),
      )
      .execute();
    return writes.map(() => undefined);
  });
  return (w) => batches.add(w);
}
