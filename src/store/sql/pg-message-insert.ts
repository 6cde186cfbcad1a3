/**
 * Chat inserts on PostgreSQL, group-committed: the messages sent while the previous batch
 * was on its way go in one multi-row INSERT (one round trip, one commit), prepared per
 * number of rows once that number is common (pg-statements.ts).
 */
import { GroupCommit } from '../../core/group-commit.js';
import type { PgStatements } from './pg-statements.js';
import type { InsertMessage, NewMessage } from './sql-chat-store.js';

const key = (room: string, user: string, clientMsgId: string) => `${room}\u0000${user}\u0000${clientMsgId}`;

/** The INSERT of `n` messages: their columns as $1…$6n, a repeated client_msg_id skipped. */
function insertText(n: number): string {
  const tuples = Array.from({ length: n }, (_, i) => `($${6 * i + 1}, $${6 * i + 2}, $${6 * i + 3}, $${6 * i + 4}, $${6 * i + 5}, $${6 * i + 6})`);
  return (
    `insert into messages (room_id, user_id, name, text, ts, client_msg_id) values ${tuples.join(', ')} ` +
    'on conflict (room_id, user_id, client_msg_id) where client_msg_id is not null do nothing returning seq, room_id, user_id, client_msg_id'
  );
}

type Inserted = { seq: string | number; room_id: string; user_id: string; client_msg_id: string | null };

export function pgMessageInsert(statements: PgStatements): InsertMessage {
  const batches = new GroupCommit(async (rows: NewMessage[]) => {
    const values = rows.flatMap((r) => [r.room_id, r.user_id, r.name, r.text, r.ts, r.client_msg_id]);
    const { rows: inserted } = await statements.query<Inserted>(insertText(rows.length), values);
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
