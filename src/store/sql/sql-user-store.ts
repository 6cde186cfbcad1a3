import type { Db } from './schema.js';
import type { UserRecord, UserStore } from '../ports.js';

export class SqlUserStore implements UserStore {
  /** @param fastUpsert the engine's group-committed write (SQLite), used instead of Kysely */
  constructor(
    private readonly db: Db,
    private readonly fastUpsert?: (u: UserRecord) => Promise<void>,
  ) {}

  async upsert(u: UserRecord): Promise<void> {
    if (this.fastUpsert) return this.fastUpsert(u);
    await this.db
      .insertInto('users')
      .values(u)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ name: u.name, last_seen: u.last_seen }))
      .execute();
  }

  async get(userId: string): Promise<UserRecord | null> {
    const r = await this.db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return r ? { user_id: r.user_id, name: r.name, last_seen: Number(r.last_seen) } : null;
  }
}
