/**
 * One contract suite for the SQL ports, run against every engine: SQLite (embedded) and
 * PostgreSQL (DATABASE_URL). PostgreSQL is skipped with a clear line when it is not
 * reachable, except under CI=true.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlStores, type SqlStores } from '../../src/store/sql/sql-stores.js';
import { clusterUnavailable, tempPgDatabase } from '../support/cluster.js';
import type { RoomRecord } from '../../src/domain/rooms/room-record.js';

const pgSkip = await clusterUnavailable();

function room(id: string, rev: number, extra: Partial<RoomRecord> = {}): RoomRecord {
  return {
    room_id: id, game_type: 'chat', owner_id: 'u1', permission: 'public', password_hash: null, max_players: 10, min_players: 1,
    allowed_users: null, allowed_roles: null, players: [{ user_id: 'u1', name: 'U', seat: 0, joined_at: 1 }], spectators: [], banned: [],
    status: 'waiting', turn_time_limit_s: null, auto_start: false, metadata: {}, created_at: 1, version: 0, rev, last_activity: 1,
    starts_at: null, game: null, closed_reason: null, closed_at: null, ...extra,
  };
}

const ENGINES: { name: string; skip: string | null; open(): Promise<{ stores: SqlStores; cleanup(): Promise<void> }> }[] = [
  {
    name: 'sqlite',
    skip: null,
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-sql-'));
      const stores = await openSqlStores({ dataDir: dir, databaseUrl: null });
      return { stores, cleanup: async () => (await stores.db.destroy(), fs.rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'postgres',
    skip: pgSkip,
    async open() {
      const db = await tempPgDatabase('parlor_c');
      const stores = await openSqlStores({ dataDir: '', databaseUrl: db.url });
      return {
        stores,
        async cleanup() {
          await stores.db.destroy();
          await db.drop();
        },
      };
    },
  },
];

for (const engine of ENGINES) {
  describe.skipIf(engine.skip !== null)(`SQL stores on ${engine.name}`, () => {
    let s: SqlStores;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ stores: s, cleanup } = await engine.open());
    });
    afterAll(async () => cleanup?.());

    it('writes a room with its events atomically and never lets an older rev replace a newer one', async () => {
      const ev = (v: number) => ({ room_id: 'r1', version: v, user_id: 'u1', action: 'mark', payload: { cell: v }, result: { ok: v }, action_id: `a${v}`, ts: 1000 + v });
      await s.mirror.write(room('r1', 1), []);
      await s.mirror.write(room('r1', 3, { version: 2 }), [ev(1), ev(2)]);
      await s.mirror.write(room('r1', 2, { version: 1 }), [ev(1)]);
      expect((await s.mirror.read('r1'))!.rev).toBe(3);
      expect((await s.events.since('r1', 0)).map((e) => e.version)).toEqual([1, 2]);
      expect(await s.events.since('r1', 1)).toEqual([ev(2)]);
      expect(await s.events.byActionId('r1', 'u1', 'a2')).toEqual(ev(2));
      expect(await s.events.byActionId('r1', 'u2', 'a2')).toBeNull();
      expect((await s.mirror.loadOpen()).map((r) => r.room_id)).toContain('r1');
      await s.mirror.write(room('r1', 4, { status: 'closed' }), []);
      expect((await s.mirror.loadOpen()).map((r) => r.room_id)).not.toContain('r1');
    });

    it('keeps the newest rev and every event when writes of the same rooms are in flight at once, in any order', async () => {
      // separate turns make separate batches (PostgreSQL writes up to three at once); each batch touches the same rooms, newest revs first
      const ids = ['c3', 'c1', 'c2'];
      const writes: Promise<void>[] = [];
      for (let rev = 12; rev >= 2; rev--) {
        for (const id of rev % 2 ? ids : [...ids].reverse()) {
          const ev = { room_id: id, version: rev - 1, user_id: 'u1', action: 'mark', payload: {}, result: null, action_id: null, ts: rev };
          writes.push(s.mirror.write(room(id, rev, { version: rev - 1 }), [ev]));
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(writes);
      for (const id of ids) {
        expect((await s.mirror.read(id))!.rev).toBe(12);
        expect((await s.events.since(id, 0)).map((e) => e.version)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
      }
    });

    it('appends chat messages in order, pages backwards, and keeps client_msg_id idempotent', async () => {
      const base = { room_id: 'c1', user_id: 'u1', name: 'U', ts: 5, client_msg_id: null };
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await s.chat.append({ ...base, text: `m${i}`, ts: 5 + i })).message.id);
      const first = await s.chat.append({ ...base, text: 'once', client_msg_id: 'k1' });
      const again = await s.chat.append({ ...base, text: 'twice', client_msg_id: 'k1' });
      expect(again).toEqual({ message: first.message, duplicate: true });
      expect((await s.chat.page('c1', { limit: 3 })).map((m) => m.text)).toEqual(['m3', 'm4', 'once']);
      expect((await s.chat.page('c1', { limit: 2, beforeId: ids[3] })).map((m) => m.text)).toEqual(['m1', 'm2']);
      expect(await s.chat.lastActivity('c1')).toBe(5);
      expect(await s.chat.lastActivity('none')).toBeNull();
    });

    it('commits messages sent at the same time together, in call order, with repeats of a client_msg_id answered by the first', async () => {
      const base = { room_id: 'c2', user_id: 'u1', name: 'U', ts: 7, client_msg_id: null };
      const sent = await Promise.all([
        ...Array.from({ length: 40 }, (_, i) => s.chat.append({ ...base, text: `b${i}` })),
        s.chat.append({ ...base, text: 'first', client_msg_id: 'k2' }),
        s.chat.append({ ...base, text: 'repeat', client_msg_id: 'k2' }),
        s.chat.append({ ...base, user_id: 'u2', text: 'other user', client_msg_id: 'k2' }),
      ]);
      const ids = sent.slice(0, 40).map((r) => Number(r.message.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(40);
      expect(sent.slice(0, 40).every((r) => !r.duplicate)).toBe(true);
      expect(sent[40]!.duplicate).toBe(false);
      expect(sent[41]).toEqual({ message: sent[40]!.message, duplicate: true });
      expect(sent[42]!.duplicate).toBe(false);
      const page = await s.chat.page('c2', { limit: 50 });
      expect(page.map((m) => m.text)).toEqual([...Array.from({ length: 40 }, (_, i) => `b${i}`), 'first', 'other user']);
    });

    it('records match results per player, newest first, once', async () => {
      await s.matches.record({ room_id: 'g1', game_type: 'tictactoe', players: ['p1', 'p2'], result: { winner: 'p1' }, ended_at: 10 });
      await s.matches.record({ room_id: 'g2', game_type: 'chsh', players: ['p1', 'p3'], result: { s: 2 }, ended_at: 20 });
      await s.matches.record({ room_id: 'g1', game_type: 'tictactoe', players: ['p1', 'p2'], result: { winner: 'p1' }, ended_at: 10 });
      expect((await s.matches.forUser('p1', 10)).map((m) => m.room_id)).toEqual(['g2', 'g1']);
      expect(await s.matches.forUser('p2', 10)).toEqual([{ room_id: 'g1', game_type: 'tictactoe', players: ['p1', 'p2'], result: { winner: 'p1' }, ended_at: 10 }]);
      expect(await s.matches.forUser('p1', 1)).toHaveLength(1);
    });

    // PostgreSQL only: SQLite has one writer and no separate timer rows to order (pg-writes.ts)
    if (engine.name === 'postgres') it('lands the timer rows of one key in the order written while a batch before them is held up, and lets other writes go ahead', async () => {
      const rows = s.timerRows!;
      const timerKeys = async () => (await s.db.selectFrom('timers').select('key').orderBy('key').execute()).map((r) => r.key);
      await s.mirror.write(room('lk', 1), []);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      // another transaction holds room lk's row: the batch that writes lk waits for it
      const holder = s.db.transaction().execute(async (trx) => {
        await sql`select room_id from rooms where room_id = 'lk' for update`.execute(trx);
        locked();
        await gate;
      });
      await isLocked;
      const first = Promise.all([s.mirror.write(room('lk', 2), []), rows.set({ key: 'k1', kind: 'room_empty', due_at: 5, data: { room_id: 'lk' } })]);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 50)); // the first batch is on its way (and waiting for the lock)
      const cancel = rows.delete('k1'); // must land after the set
      const other = Promise.all([s.mirror.write(room('free', 1), []), rows.set({ key: 'k2', kind: 'room_idle', due_at: 6, data: {} })]);
      await other; // other keys and rooms are not held up
      expect(await timerKeys()).toEqual(['k2']);
      release();
      await Promise.all([holder, first, cancel]);
      expect(await timerKeys()).toEqual(['k2']);
      expect((await s.mirror.read('lk'))!.rev).toBe(2);
      // a result, a room write and timer rows in one batch
      await Promise.all([
        s.matches.record({ room_id: 'lk', game_type: 'tictactoe', players: ['p7', 'p8'], result: { winner: 'p7' }, ended_at: 30 }),
        s.mirror.write(room('lk', 3, { status: 'finished' }), []),
        rows.set({ key: 'k3', kind: 'room_idle', due_at: 7, data: {} }),
        rows.delete('k2'),
      ]);
      expect(await timerKeys()).toEqual(['k3']);
      expect((await s.matches.forUser('p8', 10)).map((m) => m.room_id)).toEqual(['lk']);
      expect((await s.mirror.read('lk'))!.status).toBe('finished');
    });

    it('settles a pending challenge exactly once, even when two answers race', async () => {
      const c = { challenge_id: 'ch1', from_user_id: 'a', to_user_id: 'b', game_type: 'score_challenge', duration_s: 60, status: 'pending' as const, created_at: 1, expires_at: 2 };
      await s.challenges.create(c);
      expect(await s.challenges.pendingFor('b')).toEqual([c]);
      expect(await s.challenges.pendingFrom('a')).toEqual([c]);
      const results = await Promise.all([s.challenges.settle('ch1', 'accepted', 'room_x'), s.challenges.settle('ch1', 'declined')]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await s.challenges.pendingFor('b')).toEqual([]);
      expect(['accepted', 'declined']).toContain((await s.challenges.get('ch1'))!.status);
    });

    it('upserts users', async () => {
      await s.users.upsert({ user_id: 'x', name: 'One', last_seen: 1 });
      await s.users.upsert({ user_id: 'x', name: 'Two', last_seen: 2 });
      expect(await s.users.get('x')).toEqual({ user_id: 'x', name: 'Two', last_seen: 2 });
      expect(await s.users.get('nobody')).toBeNull();
    });
  });
}
