import type { Db } from './schema.js';
import type { MatchRecord, MatchStore } from '../ports.js';

export class SqlMatchStore implements MatchStore {
  /** @param write the engine's own write of a result (SQLite: group-committed prepared statements; PostgreSQL: pg-writes.ts, with the room writes) */
  constructor(
    private readonly db: Db,
    private readonly write: (m: MatchRecord) => Promise<void>,
  ) {}

  record(m: MatchRecord): Promise<void> {
    return this.write(m);
  }

  async forUser(userId: string, limit: number): Promise<MatchRecord[]> {
    const rows = await this.db
      .selectFrom('match_players as mp')
      .innerJoin('matches as m', 'm.room_id', 'mp.room_id')
      .select(['m.room_id', 'm.game_type', 'm.players', 'm.result', 'm.ended_at'])
      .where('mp.user_id', '=', userId)
      .orderBy('mp.ended_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ room_id: r.room_id, game_type: r.game_type, players: JSON.parse(r.players), result: JSON.parse(r.result), ended_at: Number(r.ended_at) }));
  }
}
