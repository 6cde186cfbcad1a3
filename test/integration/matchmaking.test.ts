/**
 * Quick match (SPEC §5 `join_random_game`, `auto_start`) through real sockets: concurrent
 * callers fill rooms without overfilling or over-creating, metadata must match, and a
 * full matchmade room starts at once with `game_starting` then `game_started`.
 * The delayed start (≥ min players, not full) needs a game with min < max: see
 * library.test.ts, which defines one.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import type { TestClient } from '../support/client.js';
import { ISO, indexOf } from '../support/games.js';

const fx = useServer({ env: { RANDOM_START_DELAY_S: '1' } });

const random = (c: TestClient, payload: Record<string, unknown>) => c.ok('join_random_game', payload);

describe('join_random_game', () => {
  it('puts 8 concurrent tictactoe callers into exactly 4 full rooms, each started with game_starting then game_started', async () => {
    const players = await Promise.all(Array.from({ length: 8 }, () => fx.guest()));
    const replies = await Promise.all(players.map((c) => random(c, { game_type: 'tictactoe' })));
    const byRoom = new Map<string, string[]>();
    replies.forEach((r, i) => byRoom.set(r.room.room_id, [...(byRoom.get(r.room.room_id) ?? []), players[i]!.id]));
    expect(byRoom.size).toBe(4);
    for (const members of byRoom.values()) expect(members).toHaveLength(2);
    expect(replies.filter((r) => r.status === 'created')).toHaveLength(4);
    expect(replies.filter((r) => r.status === 'joined')).toHaveLength(4);
    for (const r of replies.filter((x) => x.status === 'created')) expect(r.room).toMatchObject({ auto_start: true, permission: 'public', game_type: 'tictactoe' });

    for (const [i, c] of players.entries()) {
      const room_id = replies[i]!.room.room_id;
      const starting = await c.waitFor('game_starting', (e) => e.room_id === room_id);
      expect(starting).toEqual({ room_id, starts_at: expect.stringMatching(ISO) });
      expect(await c.waitFor('game_started', (e) => e.room_id === room_id)).toEqual({ room_id, version: 0 });
      expect(indexOf(c, 'game_starting', (e) => e.room_id === room_id)).toBeLessThan(indexOf(c, 'game_started', (e) => e.room_id === room_id));
      expect(c.events('game_started').filter((e) => e.room_id === room_id)).toHaveLength(1);
    }
    for (const [room_id, members] of byRoom) {
      const { room } = await players.find((p) => p.id === members[0])!.ok('get_room', { room_id });
      expect(room.status).toBe('active');
      expect(room.players.map((p: any) => p.user_id).sort()).toEqual([...members].sort());
      expect(room.players.map((p: any) => p.seat).sort()).toEqual([0, 1]);
    }
    // none is left waiting for a player
    const waiting = await players[0]!.ok('get_public_rooms', { game_type: 'tictactoe' });
    expect(waiting.rooms.filter((r: any) => byRoom.has(r.room_id))).toEqual([]);
  });

  it('matches only rooms whose metadata has every requested key, and creates a room carrying that metadata otherwise', async () => {
    const [pro1, novice, pro2] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const a = await random(pro1, { game_type: 'tictactoe', metadata: { mm: 'meta', level: 'pro' } });
    expect(a).toMatchObject({ status: 'created', room: { metadata: { mm: 'meta', level: 'pro' }, auto_start: true, status: 'waiting' } });
    const b = await random(novice, { game_type: 'tictactoe', metadata: { mm: 'meta', level: 'novice' } });
    expect(b.status).toBe('created');
    expect(b.room.room_id).not.toBe(a.room.room_id);
    const c = await random(pro2, { game_type: 'tictactoe', metadata: { mm: 'meta', level: 'pro' } });
    expect(c).toMatchObject({ status: 'joined', room: { room_id: a.room.room_id } });
    await pro1.waitFor('game_started', (e) => e.room_id === a.room.room_id);
    // a caller asking for a subset of the keys matches the novice room
    const any = await fx.guest();
    expect(await random(any, { game_type: 'tictactoe', metadata: { mm: 'meta' } })).toMatchObject({ status: 'joined', room: { room_id: b.room.room_id } });
    await novice.waitFor('game_started', (e) => e.room_id === b.room.room_id);
  });

  it('prefers the oldest of equally full rooms, never picks private or password rooms, and gives a waiting caller their own room back', async () => {
    const [first, second, third, owner] = [await fx.guest(), await fx.guest(), await fx.guest(), await fx.guest()];
    await owner.ok('create_room', { game_type: 'tictactoe', permission: 'private', metadata: { mm: 'order' } });
    await owner.ok('create_room', { game_type: 'tictactoe', password: 'pw', metadata: { mm: 'order' } });
    const older = await random(first, { game_type: 'tictactoe', metadata: { mm: 'order', n: 1 } });
    expect(older.status).toBe('created');
    const newer = await random(second, { game_type: 'tictactoe', metadata: { mm: 'order', n: 2 } });
    expect(newer.status).toBe('created');
    // asking again while waiting: the same room, not a second one
    expect(await random(first, { game_type: 'tictactoe', metadata: { mm: 'order', n: 1 } })).toMatchObject({ status: 'joined', room: { room_id: older.room.room_id } });
    expect((await first.ok('get_user_rooms')).rooms.map((r: any) => r.room_id)).toEqual([older.room.room_id]);
    const picked = await random(third, { game_type: 'tictactoe', metadata: { mm: 'order' } });
    expect(picked).toMatchObject({ status: 'joined', room: { room_id: older.room.room_id } });
  });

  it('refuses an unknown game_type and chat, and validates metadata', async () => {
    const c = await fx.guest();
    expect(await c.err('join_random_game', { game_type: 'chess' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'game_type' });
    expect((await c.err('join_random_game', { game_type: 'chat' })).code).toBe('VALIDATION_ERROR');
    expect((await c.err('join_random_game', { game_type: 'tictactoe', metadata: { nested: { a: 1 } } })).code).toBe('VALIDATION_ERROR');
    expect(await c.err('join_random_game', { game_type: 'chsh', metadata: { rounds: 0 } })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'metadata.rounds' });
    expect((await c.ok('get_user_rooms')).rooms).toEqual([]);
  });

  it('starts a full auto_start room created with create_room too', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const { room } = await a.ok('create_room', { game_type: 'chsh', auto_start: true, metadata: { rounds: 3 } });
    await b.ok('join_room', { room_id: room.room_id });
    for (const c of [a, b]) {
      await c.waitFor('game_starting', (e) => e.room_id === room.room_id);
      await c.waitFor('game_started', (e) => e.room_id === room.room_id);
    }
    expect((await a.ok('get_game_state', { room_id: room.room_id })).state).toMatchObject({ round: 1, rounds: 3 });
  });
});
