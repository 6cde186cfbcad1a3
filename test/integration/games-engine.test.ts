/**
 * The game engine's rules (SPEC §4, §5 start_game, §7) through real sockets, on
 * tictactoe: phases, membership and seats, validation, versions, races, idempotent
 * action ids (also across a reconnect), sync, request_game_state and the HTTP log.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { TestClient } from '../support/client.js';
import { ISO, httpEvents, startRoom, statesOf } from '../support/games.js';

const fx = useServer();

const mark = (room_id: string, cell: number, extra: Record<string, unknown> = {}) => ({ room_id, action: 'mark', payload: { cell }, ...extra });

describe('start_game', () => {
  it('is for the owner only, needs min_players, and cannot start a game twice', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    const room_id = room.room_id;
    expect((await a.err('start_game', { room_id })).code).toBe('CONFLICT'); // 1 of 2 players
    expect((await a.err('game_action', mark(room_id, 0))).code).toBe('GAME_NOT_STARTED');
    expect((await a.err('get_game_state', { room_id })).code).toBe('GAME_NOT_STARTED');
    await b.ok('join_room', { room_id });
    expect((await b.err('start_game', { room_id })).code).toBe('FORBIDDEN');
    expect((await b.err('game_action', mark(room_id, 0))).code).toBe('GAME_NOT_STARTED');

    const started = await a.ok('start_game', { room_id });
    expect(started.room).toMatchObject({ room_id, status: 'active', version: 0 });
    expect(started.state).toEqual({ board: Array(9).fill(null), turn: a.id });
    for (const c of [a, b]) {
      expect(await c.waitFor('game_started', (e) => e.room_id === room_id)).toEqual({ room_id, version: 0 });
      const first = await c.waitFor('game_state', (e) => e.room_id === room_id);
      expect(first).toMatchObject({ room_id, version: 0, state: { turn: a.id }, last_action: null });
    }
    expect((await a.err('start_game', { room_id })).code).toBe('CONFLICT');
    expect((await b.err('start_game', { room_id })).code).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND for a room that does not exist and CONFLICT for a chat room', async () => {
    const a = await fx.guest();
    expect((await a.err('start_game', { room_id: 'room_nope' })).code).toBe('NOT_FOUND');
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    expect((await a.err('start_game', { room_id: room.room_id })).code).toBe('CONFLICT');
  });
});

describe('game_action', () => {
  it('refuses moves out of turn, from spectators, from non-members, unknown actions, and after the end', async () => {
    const [x, o, spectator, stranger] = [await fx.guest(), await fx.guest(), await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    const joined = await spectator.ok('join_room', { room_id, as: 'spectator' });
    expect(joined).toMatchObject({ status: 'joined', state: { board: Array(9).fill(null), turn: x.id } });
    expect((await stranger.err('join_room', { room_id })).code).toBe('CONFLICT'); // seats are taken once it started

    expect((await o.err('game_action', mark(room_id, 0))).code).toBe('NOT_YOUR_TURN');
    expect((await spectator.err('game_action', mark(room_id, 0))).code).toBe('FORBIDDEN');
    expect((await stranger.err('game_action', mark(room_id, 0))).code).toBe('NOT_IN_ROOM');
    expect((await stranger.err('get_game_state', { room_id })).code).toBe('NOT_IN_ROOM');
    expect(await x.err('game_action', { room_id, action: 'fly' })).toMatchObject({ code: 'INVALID_MOVE', reason: 'UNKNOWN_ACTION' });
    expect(await x.err('game_action', { room_id, action: 'roll_dice' })).toMatchObject({ code: 'INVALID_MOVE', reason: 'UNKNOWN_ACTION' });
    // an alias event of another module is not a move of this one
    expect(await x.err('roll_dice', { room_id })).toMatchObject({ code: 'INVALID_MOVE', reason: 'UNKNOWN_ACTION' });
    expect(await x.err('game_action', { room_id, action: 'mark', payload: { cell: 0 }, bogus: 1 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'bogus' });
    expect(await x.err('game_action', { room_id: 'room_missing', action: 'mark', payload: { cell: 0 } })).toMatchObject({ code: 'NOT_FOUND' });

    // the spectator sees the same board, and game_state reaches it
    await x.ok('game_action', mark(room_id, 4));
    const seen = await spectator.waitFor('game_state', (g) => g.room_id === room_id && g.version === 1);
    expect(seen.state).toEqual({ board: [null, null, null, null, 'X', null, null, null, null], turn: o.id });
    expect(seen.last_action).toEqual({ user_id: x.id, action: 'mark' });
    expect((await spectator.ok('get_game_state', { room_id })).version).toBe(1);
  });

  it('answers STALE_STATE when expected_version does not match, and applies the move when it does', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    expect((await x.err('game_action', mark(room_id, 0, { expected_version: 1 }))).code).toBe('STALE_STATE');
    expect(await x.ok('game_action', mark(room_id, 0, { expected_version: 0 }))).toEqual({ version: 1 });
    expect((await o.err('game_action', mark(room_id, 1, { expected_version: 0 }))).code).toBe('STALE_STATE');
    expect(await o.ok('game_action', mark(room_id, 1, { expected_version: 1 }))).toEqual({ version: 2 });
  });

  it('applies exactly one of two moves racing for the same turn', async () => {
    const x = await fx.minted();
    const [x1, o] = [await fx.as(x), await fx.guest()];
    const x2 = await fx.as(x); // the same user on a second socket
    const { room_id } = await startRoom(x1, o, 'tictactoe');

    // the same player from two sockets, two different cells
    const race = await Promise.all([x1.request('game_action', mark(room_id, 0)), x2.request('game_action', mark(room_id, 8))]);
    expect(race.filter((r) => r.success)).toHaveLength(1);
    expect(race.find((r) => !r.success)!.error!.code).toBe('NOT_YOUR_TURN');
    let { state, version } = await o.ok('get_game_state', { room_id });
    expect(version).toBe(1);
    expect(state.board.filter((m: string | null) => m === 'X')).toHaveLength(1);

    // both players claiming the same version: only the one whose turn it is applies
    const both = await Promise.all([o.request('game_action', mark(room_id, 4, { expected_version: 1 })), x1.request('game_action', mark(room_id, 5, { expected_version: 1 }))]);
    expect(both[0]!.success).toBe(true);
    expect(['NOT_YOUR_TURN', 'STALE_STATE']).toContain(both[1]!.error!.code);
    ({ state, version } = await o.ok('get_game_state', { room_id }));
    expect(version).toBe(2);
    expect(state.board[4]).toBe('O');
    expect(state.board[5]).toBeNull();
  });

  it('answers a repeated action_id with the first reply and changes nothing, also from a new socket after a reconnect', async () => {
    const x = await fx.minted();
    const [x1, o] = [await fx.as(x), await fx.guest()];
    const { room_id } = await startRoom(x1, o, 'tictactoe');
    const first = await x1.ok('game_action', mark(room_id, 0, { action_id: 'move-1' }));
    expect(first).toEqual({ version: 1 });
    // same id, even with another cell: the first reply, no new step
    expect(await x1.ok('game_action', mark(room_id, 7, { action_id: 'move-1' }))).toEqual(first);
    await o.ok('game_action', mark(room_id, 3, { action_id: 'move-1' })); // ids are per user
    x1.close();

    const again = await fx.as(x);
    expect(again.connected.rooms).toContain(room_id);
    expect(await again.ok('game_action', mark(room_id, 7, { action_id: 'move-1' }))).toEqual(first);
    const { state, version } = await again.ok('get_game_state', { room_id });
    expect(version).toBe(2);
    expect(state.board).toEqual(['X', null, null, 'O', null, null, null, null, null]);
    expect(statesOf(o, room_id).map((g) => g.version)).toEqual([0, 1, 2]);
    // a new id is a new move
    expect(await again.ok('game_action', mark(room_id, 7, { action_id: 'move-2' }))).toEqual({ version: 3 });
  });
});

describe('the end of a game and of a room', () => {
  it('answers a retried winning move (same action_id) with its first reply, not GAME_OVER', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    for (const [c, cell] of [[x, 0], [o, 3], [x, 1], [o, 4]] as const) await c.ok('game_action', mark(room_id, cell));
    const win = await x.ok('game_action', mark(room_id, 2, { action_id: 'winning-move' }));
    expect(win).toEqual({ version: 5 });
    await x.waitFor('game_over', (e) => e.room_id === room_id);
    expect(await x.ok('game_action', mark(room_id, 2, { action_id: 'winning-move' }))).toEqual(win);
    expect((await x.err('game_action', mark(room_id, 8, { action_id: 'another' }))).code).toBe('GAME_OVER');
    expect(x.events('game_over').filter((e) => e.room_id === room_id)).toHaveLength(1);
  });

  it('lets a player who leaves an active game forfeit by the module timeout rule', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    await x.ok('game_action', mark(room_id, 0));
    await x.ok('leave_room', { room_id });
    const over = await o.waitFor('game_over', (e) => e.room_id === room_id);
    expect(over).toEqual({ room_id, result: { winner: o.id } });
    expect(await o.waitFor('player_left', (e) => e.room_id === room_id)).toEqual({ room_id, user_id: x.id, reason: 'left' });
    expect((await o.ok('get_room', { room_id })).room.status).toBe('finished');
  });

  it('refuses moves in a closed room with ROOM_CLOSED, and starts a game only once under concurrent start_game', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room } = await x.ok('create_room', { game_type: 'tictactoe' });
    await o.ok('join_room', { room_id: room.room_id });
    const starts = await Promise.all([x.request('start_game', { room_id: room.room_id }), x.request('start_game', { room_id: room.room_id })]);
    expect(starts.filter((r) => r.success)).toHaveLength(1);
    expect(starts.find((r) => !r.success)!.error!.code).toBe('CONFLICT');
    await x.ok('game_action', mark(room.room_id, 0));
    await x.ok('close_room', { room_id: room.room_id });
    expect((await o.err('game_action', mark(room.room_id, 1))).code).toBe('ROOM_CLOSED');
    expect(o.events('game_started').filter((e) => e.room_id === room.room_id)).toHaveLength(1);
  });

  it('does not reveal a private game to outsiders: moves, starts and reads answer NOT_FOUND', async () => {
    const [x, o, stranger] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const { room } = await x.ok('create_room', { game_type: 'tictactoe', permission: 'private' });
    await o.ok('join_room', { room_id: room.room_id });
    expect((await stranger.err('start_game', { room_id: room.room_id })).code).toBe('NOT_FOUND');
    await x.ok('start_game', { room_id: room.room_id });
    expect((await stranger.err('game_action', mark(room.room_id, 0))).code).toBe('NOT_FOUND');
    expect((await stranger.err('get_game_state', { room_id: room.room_id })).code).toBe('NOT_FOUND');
    expect((await stranger.err('sync', { room_id: room.room_id, since_version: 0 })).code).toBe('NOT_FOUND');
    expect((await httpEvents(fx.server, stranger, room.room_id)).status).toBe(404);
  });
});

describe('reading the game', () => {
  it('sync answers the missing events after since_version, and the full state when the client is ahead of the log', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    for (const [c, cell] of [[x, 0], [o, 4], [x, 8]] as const) await c.ok('game_action', mark(room_id, cell));

    const sync1 = await o.ok('sync', { room_id, since_version: 1 });
    expect(sync1).toEqual({ version: 3, events: [{ version: 2, user_id: o.id, action: 'mark' }, { version: 3, user_id: x.id, action: 'mark' }] });
    expect(await o.ok('sync', { room_id, since_version: 3 })).toEqual({ version: 3, events: [] });
    expect((await o.ok('sync', { room_id, since_version: 0 })).events.map((e: any) => e.version)).toEqual([1, 2, 3]);
    const ahead = await o.ok('sync', { room_id, since_version: 7 });
    expect(ahead).toEqual({ version: 3, full: true, state: { board: ['X', null, null, null, 'O', null, null, null, 'X'], turn: o.id } });
    expect((await o.err('sync', { room_id, since_version: -1 })).field).toBe('since_version');
  });

  it('answers request_game_state through the ack, and as game_state_sync without one', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    await x.ok('game_action', mark(room_id, 2));
    const expected = { version: 1, state: { board: [null, null, 'X', null, null, null, null, null, null], turn: o.id } };
    expect(await o.ok('request_game_state', { room_id })).toEqual(expected);
    expect(await o.ok('get_game_state', { room_id })).toEqual(expected);
    const pushed = o.next('game_state_sync');
    o.sock.emit('request_game_state', { room_id });
    expect(await pushed).toEqual(expected);
    const failed = o.next('error');
    o.sock.emit('request_game_state', { room_id: 'room_missing' });
    expect(await failed).toMatchObject({ event: 'request_game_state', code: 'NOT_FOUND' });
  });

  it('serves the event log over HTTP to members only, newer than since', async () => {
    const [x, o, stranger] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    await x.ok('game_action', mark(room_id, 0));
    await o.ok('game_action', mark(room_id, 1));
    const all = await httpEvents(fx.server, o, room_id);
    expect(all.status).toBe(200);
    expect(all.body.events).toEqual([
      { version: 1, user_id: x.id, action: 'mark', ts: expect.stringMatching(ISO) },
      { version: 2, user_id: o.id, action: 'mark', ts: expect.stringMatching(ISO) },
    ]);
    expect((await httpEvents(fx.server, o, room_id, 1)).body.events.map((e: any) => e.version)).toEqual([2]);
    const refused = await httpEvents(fx.server, stranger, room_id);
    expect([403, 404]).toContain(refused.status);
    expect(refused.body).toMatchObject({ success: false, error: { code: expect.stringMatching(/^(FORBIDDEN|NOT_IN_ROOM|NOT_FOUND)$/) } });
    const anonymous = await fetch(`${fx.server.url}/api/rooms/${room_id}/events`);
    expect(anonymous.status).toBe(401);
  });

  it('emits the reply as game_action_success, and a refusal as error, when no ack is given', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    const ok = x.next('game_action_success');
    x.sock.emit('game_action', mark(room_id, 4));
    expect(await ok).toEqual({ version: 1 });
    const refused = x.next('error');
    x.sock.emit('game_action', mark(room_id, 5));
    expect(await refused).toMatchObject({ event: 'game_action', code: 'NOT_YOUR_TURN' });
  });
});

describe('reconnection', () => {
  it('puts a reconnecting player back into the game room, and the game goes on', async () => {
    const who = await fx.minted();
    const [x, o] = [await fx.as(who), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    await x.ok('game_action', mark(room_id, 0));
    x.close();
    await o.ok('game_action', mark(room_id, 1));
    const back = await TestClient.connect(fx.server, who);
    fx.track(back);
    expect(back.connected.rooms).toContain(room_id);
    expect(await back.ok('sync', { room_id, since_version: 1 })).toEqual({ version: 2, events: [{ version: 2, user_id: o.id, action: 'mark' }] });
    await back.ok('game_action', mark(room_id, 2));
    expect((await o.waitFor('game_state', (g) => g.room_id === room_id && g.version === 3)).state.turn).toBe(o.id);
  });

  it('puts a reconnecting user back into every room they are in, as player and as spectator', async () => {
    const who = await fx.minted();
    const [u, a, b, c] = [await fx.as(who), await fx.guest(), await fx.guest(), await fx.guest()];
    const played = await startRoom(u, a, 'tictactoe');
    const watched = await startRoom(b, c, 'tictactoe');
    await u.ok('join_room', { room_id: watched.room_id, as: 'spectator' });
    const { room: chat } = await a.ok('create_room', { game_type: 'chat' });
    await u.ok('join_room', { room_id: chat.room_id });
    u.close();
    const back = fx.track(await TestClient.connect(fx.server, who));
    expect([...back.connected.rooms].sort()).toEqual([played.room_id, watched.room_id, chat.room_id].sort());
    await back.ok('game_action', mark(played.room_id, 0)); // the room's creator moves first
    await a.ok('game_action', mark(played.room_id, 1));
    await b.ok('game_action', mark(watched.room_id, 4)); // reaches spectators on their own channel
    await a.ok('send_message', { room_id: chat.room_id, text: 'still there?' });
    expect(await back.waitFor('game_state', (g) => g.room_id === played.room_id && g.version === 2)).toMatchObject({ state: { turn: u.id } });
    expect(await back.waitFor('game_state', (g) => g.room_id === watched.room_id && g.version === 1)).toMatchObject({ state: { turn: c.id } });
    expect((await back.waitFor('new_message', (m) => m.room_id === chat.room_id)).message.text).toBe('still there?');
  });
});
