/** Rooms (SPEC §5): create_room, concurrent requests, visibility and listings. */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { sleep } from '../support/client.js';

const fx = useServer();
const ids = (rooms: { room_id: string }[]) => rooms.map((r) => r.room_id);

describe('rooms', () => {
  it('creates a room with the creator as owner in seat 0', async () => {
    const a = await fx.guest('Ann');
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    expect(room.room_id).toMatch(/^room_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(room.owner_id).toBe(a.id);
    expect(room.players).toEqual([expect.objectContaining({ user_id: a.id, seat: 0, online: true })]);
    expect(room).toMatchObject({ status: 'waiting', max_players: 2, min_players: 2, permission: 'public', has_password: false, version: 0 });
  });

  it('lets exactly 4 of 12 simultaneous joiners into a 4-seat room; the rest get ROOM_FULL', async () => {
    const owner = await fx.guest();
    const { room } = await owner.ok('create_room', { game_type: 'chat', max_players: 4 });
    const joiners = await Promise.all(Array.from({ length: 12 }, () => fx.guest()));
    const replies = await Promise.all(joiners.map((c) => c.request('join_room', { room_id: room.room_id })));
    const ok = replies.filter((r) => r.success);
    const full = replies.filter((r) => !r.success);
    expect(ok).toHaveLength(3);
    expect(full.map((r) => r.error!.code)).toEqual(Array(9).fill('ROOM_FULL'));
    const after = await owner.ok('get_room', { room_id: room.room_id });
    expect(after.room.players).toHaveLength(4);
    expect(new Set(after.room.players.map((p: any) => p.seat))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('answers already_joined for a second join and refuses a wrong password', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const { room } = await a.ok('create_room', { game_type: 'chat', password: 'sesame', permission: 'private' });
    expect(room.has_password).toBe(true);
    expect((await b.err('join_room', { room_id: room.room_id })).code).toBe('WRONG_PASSWORD');
    expect((await b.err('join_room', { room_id: room.room_id, password: 'nope' })).code).toBe('WRONG_PASSWORD');
    expect((await b.ok('join_room', { room_id: room.room_id, password: 'sesame' })).status).toBe('joined');
    expect((await b.ok('join_room', { room_id: room.room_id })).status).toBe('already_joined');
  });
});

describe('create_room', () => {
  it('gives chat rooms 50 seats and a minimum of 1 by default, and the full room shape', async () => {
    const a = await fx.user({ name: 'Cleo' });
    const { room } = await a.ok('create_room', { game_type: 'chat', metadata: { topic: 'hi', n: 3, ok: true } });
    expect(room).toEqual({
      room_id: expect.any(String),
      game_type: 'chat',
      owner_id: a.id,
      permission: 'public',
      has_password: false,
      max_players: 50,
      min_players: 1,
      players: [{ user_id: a.id, name: 'Cleo', seat: 0, online: true, joined_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }],
      spectators: 0,
      status: 'waiting',
      turn_time_limit_s: null,
      auto_start: false,
      metadata: { topic: 'hi', n: 3, ok: true },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      version: 0,
    });
  });

  it('refuses player counts outside the module bounds with VALIDATION_ERROR naming the field', async () => {
    const a = await fx.user();
    const cases: [object, string][] = [
      [{ game_type: 'tictactoe', max_players: 3 }, 'max_players'],
      [{ game_type: 'tictactoe', min_players: 1 }, 'min_players'],
      [{ game_type: 'chat', max_players: 501 }, 'max_players'],
      [{ game_type: 'chat', max_players: 1 }, 'max_players'],
      [{ game_type: 'chat', max_players: 2.5 }, 'max_players'],
      [{ game_type: 'chat', max_players: '10' }, 'max_players'],
      [{ game_type: 'chat', max_players: 5, min_players: 6 }, 'min_players'],
      [{ game_type: 'no_such_game' }, 'game_type'],
      [{ game_type: 'chat', permission: 'secret' }, 'permission'],
      [{ game_type: 'chat', turn_time_limit_s: 0 }, 'turn_time_limit_s'],
      [{ game_type: 'chat', auto_start: 'yes' }, 'auto_start'],
      [{ game_type: 'chat', metadata: { nested: { a: 1 } } }, 'metadata.nested'],
      [{ game_type: 'chat', metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i])) }, 'metadata'],
      [{ game_type: 'chat', password: 'x'.repeat(129) }, 'password'],
      [{ game_type: 'chat', allowed_users: 'u1' }, 'allowed_users'],
      [{}, 'game_type'],
    ];
    for (const [payload, field] of cases) {
      const e = await a.err('create_room', payload);
      expect({ payload, code: e.code, field: e.field }).toEqual({ payload, code: 'VALIDATION_ERROR', field });
      expect(typeof e.message).toBe('string');
    }
  });

  it('uses a custom room_id, answers CONFLICT when it is taken, and checks its pattern', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const custom = `my-room_${Date.now()}`;
    expect((await a.ok('create_room', { game_type: 'chat', room_id: custom })).room.room_id).toBe(custom);
    expect((await b.err('create_room', { game_type: 'tictactoe', room_id: custom })).code).toBe('CONFLICT');
    for (const bad of ['ab', 'has space', 'x'.repeat(65), 'semi;colon']) {
      const e = await a.err('create_room', { game_type: 'chat', room_id: bad });
      expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'room_id']);
    }
    // the first room is untouched
    expect((await b.ok('get_room', { room_id: custom })).room.owner_id).toBe(a.id);
  });

  it('pushes user_joined_rooms to every socket of the creator', async () => {
    const a1 = await fx.user();
    const a2 = await fx.again(a1);
    const { room } = await a1.ok('create_room', { game_type: 'chat' });
    for (const s of [a1, a2]) await s.waitFor('user_joined_rooms', (d) => d.rooms.includes(room.room_id));
  });
});

describe('concurrent requests', () => {
  it('gives one seat to a user who joins from two sockets at once', async () => {
    const a = await fx.user();
    const b1 = await fx.user();
    const b2 = await fx.again(b1);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const replies = await Promise.all([b1.ok('join_room', { room_id: room.room_id }), b2.ok('join_room', { room_id: room.room_id })]);
    expect(replies.map((r) => r.status).sort()).toEqual(['already_joined', 'joined']);
    const players = (await a.ok('get_room', { room_id: room.room_id })).room.players;
    expect(players.map((p: any) => p.user_id)).toEqual([a.id, b1.id]);
    await sleep(100);
    expect(a.events('player_joined').filter((d) => d.room_id === room.room_id)).toHaveLength(1);
  });

  it('lets exactly one of two simultaneous creators have a custom room id', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const custom = `race_${Date.now()}`;
    const replies = await Promise.all([a.request('create_room', { game_type: 'chat', room_id: custom }), b.request('create_room', { game_type: 'chat', room_id: custom })]);
    expect(replies.filter((r) => r.success)).toHaveLength(1);
    expect(replies.find((r) => !r.success)!.error!.code).toBe('CONFLICT');
    const winner = replies[0]!.success ? a : b;
    expect((await a.ok('get_room', { room_id: custom })).room.owner_id).toBe(winner.id);
  });

  it('keeps seats consistent when players leave and join at the same time', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat', max_players: 4 });
    const first = await Promise.all([fx.user(), fx.user(), fx.user()]);
    for (const c of first) await c.ok('join_room', { room_id: room.room_id });
    const later = await Promise.all([fx.user(), fx.user(), fx.user()]);
    const replies = await Promise.all([...first.map((c) => c.request('leave_room', { room_id: room.room_id })), ...later.map((c) => c.request('join_room', { room_id: room.room_id }))]);
    expect(replies.slice(0, 3).every((r) => r.success)).toBe(true);
    const joined = replies.slice(3).filter((r) => r.success).length;
    const players = (await a.ok('get_room', { room_id: room.room_id })).room.players;
    expect(players).toHaveLength(1 + joined);
    expect(new Set(players.map((p: any) => p.seat)).size).toBe(players.length);
    expect(players.every((p: any) => p.seat >= 0 && p.seat < 4)).toBe(true);
  });
});

describe('room visibility and listings', () => {
  it('never lists private rooms and answers NOT_FOUND to strangers, over sockets and HTTP', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const stranger = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat', permission: 'private' });
    await b.ok('join_room', { room_id: room.room_id });
    expect(ids((await stranger.ok('get_public_rooms', { has_space: false, include_active: true, limit: 200 })).rooms)).not.toContain(room.room_id);
    expect((await stranger.err('get_room', { room_id: room.room_id })).code).toBe('NOT_FOUND');
    expect((await b.ok('get_room', { room_id: room.room_id })).room.room_id).toBe(room.room_id);
    expect((await stranger.err('get_room', { room_id: 'room_nothing' })).code).toBe('NOT_FOUND');

    const url = `${fx.server.url}/api/rooms/${room.room_id}`;
    const anon = await fetch(url);
    expect(anon.status).toBe(404);
    expect(await anon.json()).toEqual({ success: false, error: { code: 'NOT_FOUND', message: expect.any(String) } });
    expect((await fetch(url, { headers: { authorization: `Bearer ${stranger.token}` } })).status).toBe(404);
    const member = await fetch(url, { headers: { authorization: `Bearer ${b.token}` } });
    expect(member.status).toBe(200);
    expect(((await member.json()) as any).room.room_id).toBe(room.room_id);
    const list = (await (await fetch(`${fx.server.url}/api/rooms?has_space=false&include_active=true&limit=200`)).json()) as any;
    expect(ids(list.rooms)).not.toContain(room.room_id);
  });

  it('lists public rooms newest first, filtered by game_type, space and status, up to limit', async () => {
    const a = await fx.user();
    const b = await fx.user();
    // sent back to back, so several are created within the same millisecond; newest = sent last
    const made: string[] = (await Promise.all(Array.from({ length: 12 }, () => a.ok('create_room', { game_type: 'chat' })))).map((r) => r.room.room_id);
    const full = (await a.ok('create_room', { game_type: 'tictactoe' })).room.room_id;
    await b.ok('join_room', { room_id: full });
    const active = (await b.ok('create_room', { game_type: 'tictactoe' })).room.room_id;
    await a.ok('join_room', { room_id: active });
    await b.ok('start_game', { room_id: active });

    const chat = (await a.ok('get_public_rooms', { game_type: 'chat', limit: 200 })).rooms;
    expect(chat.every((r: any) => r.game_type === 'chat')).toBe(true);
    expect(ids(chat).filter((id) => made.includes(id))).toEqual([...made].reverse());
    expect(chat.find((r: any) => r.room_id === made[0])).toMatchObject({ player_count: 1, game_type: 'chat', status: 'waiting' });
    expect(chat[0]).not.toHaveProperty('players');

    const newest = (await a.ok('get_public_rooms', { limit: 2 })).rooms;
    expect(newest).toHaveLength(2);

    const defaults = ids((await a.ok('get_public_rooms', { limit: 200 })).rooms);
    expect(defaults).not.toContain(full); // has_space defaults to true
    expect(defaults).not.toContain(active); // include_active defaults to false
    const withFull = ids((await a.ok('get_public_rooms', { has_space: false, limit: 200 })).rooms);
    expect(withFull).toContain(full);
    expect(withFull).not.toContain(active);
    const withActive = ids((await a.ok('get_public_rooms', { has_space: false, include_active: true, limit: 200 })).rooms);
    expect(withActive).toEqual(expect.arrayContaining([full, active]));
    expect(withActive.indexOf(active)).toBeLessThan(withActive.indexOf(full));

    const http = (await (await fetch(`${fx.server.url}/api/rooms?game_type=tictactoe&has_space=false&include_active=true`)).json()) as any;
    expect(http.rooms.every((r: any) => r.game_type === 'tictactoe')).toBe(true);
    expect(ids(http.rooms)).toEqual(expect.arrayContaining([full, active]));
    const httpDefault = (await (await fetch(`${fx.server.url}/api/rooms?game_type=tictactoe`)).json()) as any;
    expect(ids(httpDefault.rooms)).not.toContain(full);

    const e = await a.err('get_public_rooms', { limit: 201 });
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'limit']);
  });

  it('lets only admins list every room, private ones included', async () => {
    const a = await fx.user();
    const admin = await fx.user({ roles: ['admin'] });
    const { room } = await a.ok('create_room', { game_type: 'chat', permission: 'private' });
    expect((await a.err('list_rooms', {})).code).toBe('FORBIDDEN');
    const all = (await admin.ok('list_rooms')).rooms;
    expect(all.find((r: any) => r.room_id === room.room_id)).toMatchObject({ permission: 'private', player_count: 1 });
    expect((await admin.ok('get_room', { room_id: room.room_id })).room.room_id).toBe(room.room_id);
  });

  it("answers get_user_rooms with the caller's rooms only", async () => {
    const a = await fx.user();
    const b = await fx.user();
    const mine = (await a.ok('create_room', { game_type: 'chat', permission: 'private' })).room.room_id;
    const theirs = (await b.ok('create_room', { game_type: 'chat' })).room.room_id;
    const joined = (await b.ok('create_room', { game_type: 'chat' })).room.room_id;
    await a.ok('join_room', { room_id: joined, as: 'spectator' });
    const rooms = (await a.ok('get_user_rooms')).rooms;
    expect(ids(rooms).sort()).toEqual([mine, joined].sort());
    expect(ids(rooms)).not.toContain(theirs);
    expect(rooms.find((r: any) => r.room_id === mine)).toMatchObject({ player_count: 1, owner_id: a.id });
  });
});
