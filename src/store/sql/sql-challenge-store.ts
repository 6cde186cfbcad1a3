import type { Db } from './schema.js';
import type { ChallengeRecord, ChallengeStatus, ChallengeStore } from '../ports.js';

export class SqlChallengeStore implements ChallengeStore {
  constructor(private readonly db: Db) {}

  async create(c: ChallengeRecord): Promise<void> {
    await this.db
      .insertInto('challenges')
      .values({
        challenge_id: c.challenge_id,
        from_user_id: c.from_user_id,
        to_user_id: c.to_user_id,
        status: c.status,
        data: JSON.stringify(c),
        created_at: c.created_at,
        expires_at: c.expires_at,
      })
      .execute();
  }

  async get(id: string): Promise<ChallengeRecord | null> {
    const r = await this.db.selectFrom('challenges').select(['data', 'status']).where('challenge_id', '=', id).executeTakeFirst();
    return r ? { ...JSON.parse(r.data), status: r.status } : null;
  }

  async settle(id: string, status: Exclude<ChallengeStatus, 'pending'>, roomId?: string): Promise<boolean> {
    const current = await this.get(id);
    if (!current || current.status !== 'pending') return false;
    const next: ChallengeRecord = { ...current, status, ...(roomId ? { room_id: roomId } : {}) };
    const res = await this.db
      .updateTable('challenges')
      .set({ status, data: JSON.stringify(next) })
      .where('challenge_id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async pendingFor(userId: string): Promise<ChallengeRecord[]> {
    return this.pending('to_user_id', userId);
  }

  async pendingFrom(userId: string): Promise<ChallengeRecord[]> {
    return this.pending('from_user_id', userId);
  }

  private async pending(column: 'to_user_id' | 'from_user_id', userId: string): Promise<ChallengeRecord[]> {
    const rows = await this.db
      .selectFrom('challenges')
      .select(['data', 'status'])
      .where(column, '=', userId)
      .where('status', '=', 'pending')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ ...JSON.parse(r.data), status: r.status }));
  }
}
