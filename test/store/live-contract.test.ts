/**
 * One contract suite for the live-state ports, run against the embedded adapters
 * (memory + SQLite) and the cluster adapters (Redis + PostgreSQL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores, Timer } from '../../src/store/ports.js';
import { createEmbeddedStores } from '../../src/store/embedded/embedded-stores.js';
import { createClusterStores } from '../../src/store/redis/cluster-stores.js';
import { clusterResources, clusterUnavailable, type ClusterResources } from '../support/cluster.js';
import type { RoomRecord } from '../../src/domain/rooms/room-record.js';

const clusterSkip = await clusterUnavailable();

function room(id: string, rev: number, players: string[], extra: Partial<RoomRecord> = {}): RoomRecord {
  return {
    room_id: id, game_type: 'chat', owner_id: players[0] ?? 'o', permission: 'public', password_hash: null, max_players: 10, min_players: 1,
    allowed_users: null, allowed_roles: null, players: players.map((u, seat) => ({ user_id: u, name: u, seat, joined_at: 1 })), spectators: [], banned: [],
    status: 'waiting', turn_time_limit_s: null, auto_start: false, metadata: {}, created_at: 1, version: 0, rev, last_activity: 1,
    starts_at: null, game: null, closed_reason: null, closed_at: null, ...extra,
  };
}

const ADAPTERS: { name: string; skip: string | null; open(): Promise<{ stores: Stores; cleanup(): Promise<void> }> }[] = [
  {
    name: 'embedded (memory + SQLite)',
    skip: null,
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-live-'));
      const stores = await createEmbeddedStores({ dataDir: dir, databaseUrl: null });
      return { stores, cleanup: async () => (await stores.close(), fs.rmSync(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'cluster (Redis + PostgreSQL)',
    skip: clusterSkip,
    async open() {
      const res: ClusterResources = await clusterResources();
      const stores = await createClusterStores({ redisUrl: res.redisUrl, databaseUrl: res.databaseUrl, onError: () => {}, log: () => {} });
      return { stores, cleanup: async () => (await stores.close(), await res.teardown()) };
    },
  },
];

for (const adapter of ADAPTERS) {
  describe.skipIf(adapter.skip !== null)(`live stores: ${adapter.name}`, () => {
    let s: Stores;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ stores: s, cleanup } = await adapter.open());
    }, 30_000);
    afterAll(async () => cleanup?.());

    it('creates a room once, compares-and-sets on rev, and indexes memberships by user', async () => {
      expect(await s.rooms.commit(room('r1', 1, ['a', 'b']), null)).toBe(true);
      expect(await s.rooms.commit(room('r1', 1, ['a']), null)).toBe(false);
      expect((await s.rooms.get('r1'))!.players.map((p) => p.user_id)).toEqual(['a', 'b']);
      expect(await s.rooms.roomsOf('b')).toEqual(['r1']);
      const [one, two] = await Promise.all([s.rooms.commit(room('r1', 2, ['a']), 1), s.rooms.commit(room('r1', 2, ['a', 'b', 'c']), 1)]);
      expect([one, two].filter(Boolean)).toHaveLength(1);
      expect(await s.rooms.commit(room('r1', 3, ['a', 'c']), 1)).toBe(false);
      const now = (await s.rooms.get('r1'))!;
      expect(await s.rooms.commit(room('r1', 3, ['c']), now.rev)).toBe(true);
      expect(await s.rooms.roomsOf('a')).toEqual([]);
      expect(await s.rooms.roomsOf('c')).toEqual(['r1']);
      expect((await s.rooms.listOpen()).map((r) => r.room_id)).toContain('r1');
      expect(await s.rooms.commit(room('r1', 4, ['c'], { status: 'closed' }), 3)).toBe(true);
      expect((await s.rooms.listOpen()).map((r) => r.room_id)).not.toContain('r1');
      expect(await s.rooms.roomsOf('c')).toEqual([]);
      expect((await s.rooms.get('r1'))!.status).toBe('closed');
    });

    it('keeps each member\'s room list through steps that keep the members, and follows a member who moves to a seat', async () => {
      expect(await s.rooms.commit(room('m1', 1, ['a', 'b']), null)).toBe(true);
      expect(await s.rooms.commit(room('m2', 1, ['a']), null)).toBe(true);
      // game steps: same players, same order
      for (let rev = 2; rev <= 4; rev++) expect(await s.rooms.commit(room('m1', rev, ['a', 'b'], { version: rev - 1 }), rev - 1)).toBe(true);
      expect((await s.rooms.roomsOf('a')).sort()).toEqual(['m1', 'm2']);
      expect(await s.rooms.roomsOf('b')).toEqual(['m1']);
      // the same members in another place: b from a seat to the spectators, then c joins
      expect(await s.rooms.commit(room('m1', 5, ['a'], { spectators: [{ user_id: 'b', name: 'b', joined_at: 1 }] }), 4)).toBe(true);
      expect(await s.rooms.roomsOf('b')).toEqual(['m1']);
      expect(await s.rooms.commit(room('m1', 6, ['a', 'c'], { spectators: [{ user_id: 'b', name: 'b', joined_at: 1 }] }), 5)).toBe(true);
      expect(await s.rooms.roomsOf('c')).toEqual(['m1']);
      // a leaves m1 only
      expect(await s.rooms.commit(room('m1', 7, ['c'], { spectators: [{ user_id: 'b', name: 'b', joined_at: 1 }] }), 6)).toBe(true);
      expect(await s.rooms.roomsOf('a')).toEqual(['m2']);
      expect((await s.rooms.roomsOf('b')).concat(await s.rooms.roomsOf('c'))).toEqual(['m1', 'm1']);
    });

    it('appends log events with the room and finds an action id', async () => {
      await s.rooms.commit(room('g1', 1, ['a']), null);
      const ev = { room_id: 'g1', version: 1, user_id: 'a', action: 'mark', payload: { cell: 1 }, result: { x: 1 }, action_id: 'act-1', ts: 7 };
      expect(await s.rooms.commit(room('g1', 2, ['a'], { version: 1 }), 1, [ev])).toBe(true);
      expect(await s.events.byActionId('g1', 'a', 'act-1')).toEqual(ev);
      expect(await s.events.since('g1', 0)).toEqual([ev]);
    });

    it('tracks presence across sockets of one user', async () => {
      expect(await s.presence.connect('u1', 's1', 100)).toBe(true);
      expect(await s.presence.connect('u1', 's2', 101)).toBe(false);
      await s.presence.setStatus('u1', 'busy', 'in a meeting', 102);
      expect((await s.presence.get(['u1']))['u1']).toEqual({ status: 'busy', text: 'in a meeting', last_seen: 102 });
      expect(await s.presence.disconnect('u1', 's1', 103)).toBe(false);
      expect(await s.presence.isOnline('u1')).toBe(true);
      expect(await s.presence.disconnect('u1', 's2', 104)).toBe(true);
      // an offline user is reported offline, or not at all (the user store keeps last_seen)
      const gone = (await s.presence.get(['u1']))['u1'];
      expect(gone === undefined || (gone.status === 'offline' && gone.last_seen === 104)).toBe(true);
      expect(await s.presence.disconnect('u1', 's2', 105)).toBe(false);
    });

    it('limits with a token bucket and a window', async () => {
      const limit = { perSecond: 5, burst: 3 };
      const d = await Promise.all([1, 2, 3, 4].map(() => s.rates.consume('k1', limit)));
      expect(d.map((x) => x.ok)).toEqual([true, true, true, false]);
      expect(d[3]!.retryAfterMs).toBeGreaterThan(0);
      const w = [];
      for (let i = 0; i < 3; i++) w.push(await s.rates.window('w1', 2, 10_000));
      expect(w.map((x) => x.ok)).toEqual([true, true, false]);
    });

    it('fires a timer once, after its due time, and not after it was cancelled', async () => {
      const fired: Timer[] = [];
      s.scheduler.start(async (t) => void fired.push(t));
      const now = Date.now();
      await s.scheduler.schedule({ key: 't1', kind: 'k', due_at: now + 300, data: { n: 1 } });
      await s.scheduler.schedule({ key: 't2', kind: 'k', due_at: now + 300, data: { n: 2 } });
      await s.scheduler.schedule({ key: 't1', kind: 'k', due_at: now + 400, data: { n: 3 } });
      await s.scheduler.cancel('t2');
      await new Promise((r) => setTimeout(r, 1200));
      expect(fired.map((t) => t.data)).toEqual([{ n: 3 }]);
      expect(Date.now() - now).toBeGreaterThanOrEqual(400);
    });

    it('serializes work under one lock key', async () => {
      const order: string[] = [];
      const task = (name: string) => async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 20));
        order.push(`${name}-`);
      };
      await Promise.all([s.lock.run('L', task('a')), s.lock.run('L', task('b'))]);
      expect(order.join(' ')).toMatch(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/);
    });
  });
}
