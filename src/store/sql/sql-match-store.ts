import type { Db } from './schema.js';
import type { MatchRecord, MatchStore } from '../ports.js';

export class SqlMatchStore implements MatchStore {
  /** @param fastRecord the engine's group-committed write (SQLite), used instead of Kysely */
  constructor(
    private readonly db: Db,
    private readonly fastRecord?: (m: MatchRecord) => Promise<void>,
  ) {}

  async record(m: MatchRecord): Promise<void> {
    if (this.fastRecord) return this.fastRecord(m);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('matches')
        .values({ room_id: m.room_id, game_type: m.game_type, players: JSON.stringify(m.players), result: JSON.stringify(m.result), ended_at: m.ended_at })
        .onConflict((oc) => oc.column('room_id').doNothing())
        .execute();
      if (m.players.length) {
        await trx
          .insertInto('match_players')
          .values(m.players.map((user_id) => ({ user_id, room_id: m.room_id, ended_at: m.ended_at })))
          .onConflict((oc) => oc.columns(['user_id', 'room_id']).doNothing())
          .execute();
      }
    });
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
