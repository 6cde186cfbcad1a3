/**
 * Chat inserts on PostgreSQL, group-committed: the messages sent while the previous batch
 * was on its way go in one multi-row INSERT (one round trip, one commit).
 */
import { sql } from 'kysely';
import { GroupCommit } from '../../core/group-commit.js';
import type { Db } from './schema.js';
import type { InsertMessage, NewMessage } from './sql-chat-store.js';

const key = (room: string, user: string, clientMsgId: string) => `${room}\u0000${user}\u0000${clientMsgId}`;

export function pgMessageInsert(db: Db): InsertMessage {
  const batches = new GroupCommit(async (rows: NewMessage[]) => {
    const inserted = await db
      .insertInto('messages')
      .values(rows)
      .onConflict((oc) => oc.columns(['room_id', 'user_id', 'client_msg_id']).where(sql<boolean>`client_msg_id is not null`).doNothing())
      .returning(['seq', 'room_id', 'user_id', 'client_msg_id'])
      .execute();
    // Rows with a client_msg_id are matched by it (a repeat inside the batch gets null, as a
    // repeat of an earlier batch does). Rows without one never conflict; the VALUES rows
    // take their `seq` from the sequence in order, so ascending seqs follow input order.
    const byKey = new Map<string, number>();
    const plain: number[] = [];
    for (const r of inserted) {
      if (r.client_msg_id === null) plain.push(Number(r.seq));
      else byKey.set(key(r.room_id, r.user_id, r.client_msg_id), Number(r.seq));
    }
    plain.sort((a, b) => a - b);
    let next = 0;
    return rows.map((r) => {
      if (r.client_msg_id === null) return plain[next++] ?? null;
      const k = key(r.room_id, r.user_id, r.client_msg_id);
      const seq = byKey.get(k);
      byKey.delete(k);
      return seq ?? null;
    });
  });
  return (m) => batches.add(m);
}
