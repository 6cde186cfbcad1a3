/** Room membership (SPEC §5): join_room, leave_room, kick_player and the pushes members receive. */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { TestClient, sleep } from '../support/client.js';

const fx = useServer();

describe('join_room', () => {
  it('tells the other members player_joined and returns the room with recent_messages', async () => {
    const a = await fx.user();
    const b = await fx.user({ name: 'Bob' });
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await a.ok('send_message', { room_id: room.room_id, text: 'welcome' });
    const joined = await b.ok('join_room', { room_id: room.room_id });
    expect(joined.status).toBe('joined');
    expect(joined.room.players.map((p: any) => [p.user_id, p.seat])).toEqual([[a.id, 0], [b.id, 1]]);
    expect(joined.recent_messages).toEqual([expect.objectContaining({ user_id: a.id, text: 'welcome' })]);
    const push = await a.waitFor('player_joined', (d) => d.room_id === room.room_id);
    expect(push).toEqual({ room_id: room.room_id, player: { user_id: b.id, name: 'Bob', seat: 1, online: true, joined_at: expect.any(String) } });
    await b.waitFor('user_joined_rooms', (d) => d.rooms.includes(room.room_id));
  });

  it('answers NOT_FOUND for a room that does not exist', async () => {
    const a = await fx.user();
    expect((await a.err('join_room', { room_id: 'room_nope' })).code).toBe('NOT_FOUND');
  });

  it('joins as a spectator without taking a seat and tells members room_updated', async () => {
    const a = await fx.user();
    const s = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    const r = await s.ok('join_room', { room_id: room.room_id, as: 'spectator' });
    expect(r.status).toBe('joined');
    expect(r.room.spectators).toBe(1);
    expect(r.room.players).toHaveLength(1);
    const upd = await a.waitFor('room_updated', (d) => d.room.room_id === room.room_id);
    expect(upd.room.spectators).toBe(1);
    // the player seat is still free
    const p = await fx.user();
    expect((await p.ok('join_room', { room_id: room.room_id })).room.players).toHaveLength(2);
  });

  it('asks spectators of a password room for the password too', async () => {
    const a = await fx.user();
    const s = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat', password: 'pw123' });
    expect((await s.err('join_room', { room_id: room.room_id, as: 'spectator' })).code).toBe('WRONG_PASSWORD');
    expect((await s.ok('join_room', { room_id: room.room_id, as: 'spectator', password: 'pw123' })).status).toBe('joined');
  });

  it('refuses the 101st spectator with ROOM_FULL', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    const watchers: TestClient[] = [];
    for (let i = 0; i < 101; i += 20) watchers.push(...(await Promise.all(Array.from({ length: Math.min(20, 101 - i) }, () => fx.user()))));
    const first = await Promise.all(watchers.slice(0, 100).map((w) => w.request('join_room', { room_id: room.room_id, as: 'spectator' })));
    expect(first.every((r) => r.success)).toBe(true);
    expect((await watchers[100]!.err('join_room', { room_id: room.room_id, as: 'spectator' })).code).toBe('ROOM_FULL');
    expect((await a.ok('get_room', { room_id: room.room_id })).room.spectators).toBe(100);
    for (const w of watchers) w.close();
  });

  it('lets only allowed_users in, except the owner and admins', async () => {
    const a = await fx.user();
    const friend = await fx.user();
    const stranger = await fx.user();
    const admin = await fx.user({ roles: ['admin'] });
    const { room } = await a.ok('create_room', { game_type: 'chat', allowed_users: [friend.id] });
    expect((await stranger.err('join_room', { room_id: room.room_id })).code).toBe('FORBIDDEN');
    expect((await stranger.err('join_room', { room_id: room.room_id, as: 'spectator' })).code).toBe('FORBIDDEN');
    expect((await friend.ok('join_room', { room_id: room.room_id })).status).toBe('joined');
    expect((await admin.ok('join_room', { room_id: room.room_id })).status).toBe('joined');
  });

  it('lets the owner back into their allowed_users room after leaving it', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat', allowed_users: ['someone_else'] });
    await a.ok('leave_room', { room_id: room.room_id });
    expect((await a.ok('join_room', { room_id: room.room_id })).status).toBe('joined');
  });

  it('lets only allowed_roles in, except admins', async () => {
    const a = await fx.user();
    const host = await fx.user({ roles: ['host'] });
    const plain = await fx.user({ roles: ['player'] });
    const admin = await fx.user({ roles: ['admin'] });
    const { room } = await a.ok('create_room', { game_type: 'chat', allowed_roles: ['host'] });
    expect((await plain.err('join_room', { room_id: room.room_id })).code).toBe('FORBIDDEN');
    expect((await host.ok('join_room', { room_id: room.room_id })).status).toBe('joined');
    expect((await admin.ok('join_room', { room_id: room.room_id })).status).toBe('joined');
  });

  it('answers CONFLICT to a would-be player of a started game but lets them spectate with the state', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const c = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('start_game', { room_id: room.room_id });
    expect((await c.err('join_room', { room_id: room.room_id })).code).toBe('CONFLICT');
    const r = await c.ok('join_room', { room_id: room.room_id, as: 'spectator' });
    expect(r.room.status).toBe('active');
    expect(r.state).toMatchObject({ board: Array(9).fill(null) });
  });
});

describe('leave_room', () => {
  it('answers {room_id}, tells the others player_left reason left, and updates every socket of the leaver', async () => {
    const a = await fx.user();
    const b1 = await fx.user();
    const b2 = await fx.again(b1);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b1.ok('join_room', { room_id: room.room_id });
    await b2.waitFor('user_joined_rooms', (d) => d.rooms.includes(room.room_id));
    expect(await b1.ok('leave_room', { room_id: room.room_id })).toEqual({ room_id: room.room_id });
    expect(await a.waitFor('player_left', (d) => d.user_id === b1.id)).toEqual({ room_id: room.room_id, user_id: b1.id, reason: 'left' });
    for (const s of [b1, b2]) await s.waitFor('user_joined_rooms', (d) => !d.rooms.includes(room.room_id) && s.events('user_joined_rooms').some((e) => e.rooms.includes(room.room_id)));
    // the other socket no longer receives the room's messages
    await a.ok('send_message', { room_id: room.room_id, text: 'after b left' });
    await sleep(150);
    expect(b2.events('new_message').filter((m) => m.room_id === room.room_id)).toEqual([]);
    expect((await b2.ok('get_user_rooms')).rooms.map((r: any) => r.room_id)).not.toContain(room.room_id);
  });

  it('answers NOT_IN_ROOM to a non-member and NOT_FOUND for an unknown room', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    expect((await b.err('leave_room', { room_id: room.room_id })).code).toBe('NOT_IN_ROOM');
    expect((await b.err('leave_room', { room_id: 'room_missing' })).code).toBe('NOT_FOUND');
  });

  it('passes ownership to the longest-seated player when the owner leaves', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const c = await fx.user();
    const d = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    await sleep(5);
    await c.ok('join_room', { room_id: room.room_id }); // seat 2
    await sleep(5);
    await b.ok('leave_room', { room_id: room.room_id });
    await d.ok('join_room', { room_id: room.room_id }); // takes the free seat 1, but joined last
    expect((await d.ok('get_room', { room_id: room.room_id })).room.players.find((p: any) => p.user_id === d.id).seat).toBe(1);
    await a.ok('leave_room', { room_id: room.room_id });
    expect(await d.waitFor('owner_changed')).toEqual({ room_id: room.room_id, owner_id: c.id });
    expect(await c.waitFor('owner_changed')).toEqual({ room_id: room.room_id, owner_id: c.id });
    expect((await c.ok('get_room', { room_id: room.room_id })).room.owner_id).toBe(c.id);
    // the new owner can manage the room
    expect((await c.ok('update_room', { room_id: room.room_id, metadata: { by: 'c' } })).room.metadata).toEqual({ by: 'c' });
  });
});

describe('kick_player', () => {
  it('removes the player with reason kicked and keeps them out afterwards', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    const r = await a.ok('kick_player', { room_id: room.room_id, user_id: b.id });
    expect(r.room.players.map((p: any) => p.user_id)).toEqual([a.id]);
    const left = { room_id: room.room_id, user_id: b.id, reason: 'kicked' };
    expect(await a.waitFor('player_left', (d) => d.user_id === b.id)).toEqual(left);
    expect(await b.waitFor('player_left', (d) => d.user_id === b.id)).toEqual(left);
    await b.waitFor('user_joined_rooms', (d) => !d.rooms.includes(room.room_id) && b.events('user_joined_rooms').some((e) => e.rooms.includes(room.room_id)));
    expect((await b.err('join_room', { room_id: room.room_id })).code).toBe('FORBIDDEN');
    expect((await b.err('join_room', { room_id: room.room_id, as: 'spectator' })).code).toBe('FORBIDDEN');
  });

  it('lets only the owner kick, refuses strangers, unknown members and kicking oneself', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const c = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    expect((await b.err('kick_player', { room_id: room.room_id, user_id: a.id })).code).toBe('FORBIDDEN');
    expect((await c.err('kick_player', { room_id: room.room_id, user_id: b.id })).code).toBe('NOT_IN_ROOM');
    expect((await a.err('kick_player', { room_id: room.room_id, user_id: c.id })).code).toBe('NOT_FOUND');
    const self = await a.err('kick_player', { room_id: room.room_id, user_id: a.id });
    expect([self.code, self.field]).toEqual(['VALIDATION_ERROR', 'user_id']);
    expect((await a.err('kick_player', { room_id: 'room_missing', user_id: b.id })).code).toBe('NOT_FOUND');
  });
});

describe('spectators leaving', () => {
  it('counts spectators down when one leaves or is kicked, and tells members', async () => {
    const a = await fx.user();
    const s1 = await fx.user();
    const s2 = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    await s1.ok('join_room', { room_id: room.room_id, as: 'spectator' });
    await s2.ok('join_room', { room_id: room.room_id, as: 'spectator' });
    await s1.ok('leave_room', { room_id: room.room_id });
    expect(await a.waitFor('player_left', (d) => d.user_id === s1.id)).toEqual({ room_id: room.room_id, user_id: s1.id, reason: 'left' });
    await a.ok('kick_player', { room_id: room.room_id, user_id: s2.id });
    expect((await a.waitFor('player_left', (d) => d.user_id === s2.id)).reason).toBe('kicked');
    expect((await a.ok('get_room', { room_id: room.room_id })).room).toMatchObject({ spectators: 0, players: [expect.objectContaining({ user_id: a.id })] });
    expect((await s2.err('join_room', { room_id: room.room_id, as: 'spectator' })).code).toBe('FORBIDDEN');
  });
});
