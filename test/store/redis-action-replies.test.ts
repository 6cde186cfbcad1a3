/**
 * Action-id replies in cluster mode (src/store/redis/redis-room-store.ts): Redis answers a
 * lookup alone when it holds every action of the room (a room created there, or rebuilt
 * with its log); otherwise the lookup goes on to PostgreSQL. The replies expire with their
 * closed room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { GameEvent, Stores } from '../../src/store/ports.js';
import type { RoomRecord } from '../../src/domain/rooms/room-record.js';
import { createClusterStores } from '../../src/store/redis/cluster-stores.js';
import { RedisRoomStore } from '../../src/store/redis/redis-room-store.js';
import { keys } from '../../src/store/redis/redis-connection.js';
import { clusterResources, clusterUnavailable, type ClusterResources } from '../support/cluster.js';

const skip = await clusterUnavailable();

function room(id: string, rev: number, extra: Partial<RoomRecord> = {}): RoomRecord {
  return {
    room_id: id, game_type: 'tictactoe', owner_id: 'a', permission: 'public', password_hash: null, max_players: 2, min_players: 2,
    allowed_users: null, allowed_roles: null, players: [{ user_id: 'a', name: 'a', seat: 0, joined_at: 1 }], spectators: [], banned: [],
    status: 'active', turn_time_limit_s: null, auto_start: false, metadata: {}, created_at: 1, version: rev - 1, rev, last_activity: 1,
    starts_at: null, game: null, closed_reason: null, closed_at: null, ...extra,
  };
}
const move = (roomId: string, version: number, actionId: string): GameEvent => ({ room_id: roomId, version, user_id: 'a', action: 'mark', payload: { cell: version }, action_id: actionId, ts: version });

describe.skipIf(skip !== null)('cluster action-id replies', () => {
  let res: ClusterResources;
  let s: Stores;
  let redis: Redis;
  let rooms: RedisRoomStore;
  beforeAll(async () => {
    res = await clusterResources();
    s = await createClusterStores({ redisUrl: res.redisUrl, databaseUrl: res.databaseUrl, onError: () => {}, log: () => {} });
    redis = new Redis(res.redisUrl);
    rooms = s.rooms as RedisRoomStore;
  }, 30_000);
  afterAll(async () => {
    redis?.disconnect();
    await s?.close();
    await res?.teardown();
  });

  it('answers from Redis alone for a room created there: a reply, or none without asking PostgreSQL', async () => {
    await s.rooms.commit(room('x1', 1), null);
    const ev = move('x1', 1, 'm-1');
    expect(await s.rooms.commit(room('x1', 2), 1, [ev])).toBe(true);
    expect(await rooms.actionReply('x1', 'a', 'm-1')).toEqual(ev);
    expect(await rooms.actionReply('x1', 'a', 'm-2')).toBeNull(); // known: no such action
    expect(await s.events.byActionId('x1', 'a', 'm-2')).toBeNull();
  });

  it('asks PostgreSQL when Redis cannot tell (a room whose replies Redis does not all hold)', async () => {
    await s.rooms.commit(room('x2', 1), null);
    const ev = move('x2', 1, 'm-1');
    expect(await s.rooms.commit(room('x2', 2), 1, [ev])).toBe(true);
    await redis.del(keys.actions('x2')); // as a room put back from the mirror alone
    expect(await rooms.actionReply('x2', 'a', 'm-1')).toBeUndefined();
    expect(await s.events.byActionId('x2', 'a', 'm-1')).toEqual(ev);
    expect(await s.events.byActionId('x2', 'a', 'm-9')).toBeNull();
  });

  it('rebuilds a room with the replies of its log, complete again (after Redis lost its data)', async () => {
    await s.rooms.commit(room('x3', 1), null);
    const ev = move('x3', 1, 'm-1');
    expect(await s.rooms.commit(room('x3', 2), 1, [ev])).toBe(true);
    await redis.del(keys.room('x3'), keys.actions('x3'));
    await rooms.rehydrate([room('x3', 2)], (id) => s.events.since(id, 0));
    expect(await rooms.actionReply('x3', 'a', 'm-1')).toEqual(ev);
    expect(await rooms.actionReply('x3', 'a', 'm-2')).toBeNull();
  });

  it('lets the replies expire with their closed room', async () => {
    await s.rooms.commit(room('x4', 1), null);
    expect(await s.rooms.commit(room('x4', 2), 1, [move('x4', 1, 'm-1')])).toBe(true);
    expect(await redis.ttl(keys.actions('x4'))).toBe(-1);
    expect(await s.rooms.commit(room('x4', 3, { status: 'closed' }), 2)).toBe(true);
    const ttl = await redis.ttl(keys.actions('x4'));
    expect(ttl).toBeGreaterThan(3600);
    expect(ttl).toBe(await redis.ttl(keys.room('x4')));
  });

  it('stores a move made on a copy only when the copy is fresh and the action id is new; otherwise stores nothing', async () => {
    await s.rooms.commit(room('x5', 1), null);
    expect(rooms.copyOf('x5')?.rev).toBe(1); // this node stored it
    const first = move('x5', 1, 'm-1');
    expect(await rooms.commitOnCopy(room('x5', 2), 1, [first], { user_id: 'a', action_id: 'm-1' })).toBe(true);
    expect(rooms.copyOf('x5')?.rev).toBe(2);
    // the same action id again, on the fresh copy: the stored reply, nothing written
    expect(await rooms.commitOnCopy(room('x5', 3), 2, [move('x5', 2, 'm-1')], { user_id: 'a', action_id: 'm-1' })).toEqual(first);
    expect((await s.rooms.get('x5'))?.rev).toBe(2);
    // a stale copy: refused, and the copy is dropped
    expect(await rooms.commitOnCopy(room('x5', 2), 1, [move('x5', 1, 'm-2')], { user_id: 'a', action_id: 'm-2' })).toBe(false);
    expect(rooms.copyOf('x5')).toBeUndefined();
    expect((await s.rooms.get('x5'))?.rev).toBe(2);
    expect(rooms.copyOf('x5')?.rev).toBe(2); // a read keeps a copy again
    // Redis cannot tell whether the action id is new: nothing stored, the caller asks the log
    await redis.del(keys.actions('x5'));
    expect(await rooms.commitOnCopy(room('x5', 3), 2, [move('x5', 2, 'm-3')], { user_id: 'a', action_id: 'm-3' })).toBe(false);
    expect((await s.rooms.get('x5'))?.rev).toBe(2);
    expect(await s.events.byActionId('x5', 'a', 'm-3')).toBeNull();
    // without an action id the check is skipped
    expect(await rooms.commitOnCopy(room('x5', 3), 2, [], null)).toBe(true);
    expect((await s.rooms.get('x5'))?.rev).toBe(3);
    // a room Redis does not hold: nothing stored
    expect(await rooms.commitOnCopy(room('x6', 2), 1, [], null)).toBe(false);
    expect(await redis.exists(keys.room('x6'))).toBe(0);
  });
});
