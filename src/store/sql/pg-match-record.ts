/**
 * A game's result on PostgreSQL in one statement: the match row and its players' rows (a
 * data-modifying CTE), one round trip and one commit. Kysely's transaction took four
 * (BEGIN, two INSERTs, COMMIT) at the end of every game in cluster mode. Idempotent, as
 * the store promises: a result recorded twice (after a restart) keeps the first.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from './schema.js';
import type { MatchRecord } from '../ports.js';

export function pgRecordMatch(db: Db): (m: MatchRecord) => Promise<void> {
  return async (m) => {
    const params: unknown[] = [m.room_id, m.game_type, JSON.stringify(m.players), JSON.stringify(m.result), m.ended_at];
    const match = 'insert into matches (room_id, game_type, players, result, ended_at) values ($1, $2, $3, $4, $5) on conflict (room_id) do nothing';
    let text = match;
    if (m.players.length) {
      const rows = m.players.map((user) => {
        params.push(user);
        return `($${params.length}, $1, $5)`;
      });
      text = `with m as (${match}) insert into match_players (user_id, room_id, ended_at) values ${rows.join(', ')} on conflict (user_id, room_id) do nothing`;
    }
    await db.executeQuery(CompiledQuery.raw(text, params));
  };
}
