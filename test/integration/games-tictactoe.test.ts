/**
 * `tictactoe` through real sockets (SPEC §7, §8): whole games to a win and to a draw,
 * per-member `game_state`, `game_over`, the finished room, match history, and the
 * module's own refusals and timeout rule.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import type { TestClient } from '../support/client.js';
import { ISO, startRoom, statesOf } from '../support/games.js';

const fx = useServer();

/** Plays `cells` alternately X (a), O (b); returns the version after the last move. */
async function play(roomId: string, x: TestClient, o: TestClient, cells: number[]): Promise<number> {
  let version = 0;
  for (const [i, cell] of cells.entries()) {
    const mover = i % 2 === 0 ? x : o;
    const reply = await mover.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell } });
    expect(reply.version).toBe(++version);
  }
  return version;
}

describe('tictactoe', () => {
  it('plays a game to a win: every member gets its game_state with turn, then game_over, and the room is finished', async () => {
    const [x, o, watcher] = [await fx.guest('Xena'), await fx.guest('Otto'), await fx.guest('Walt')];
    const { room_id, started } = await startRoom(x, o, 'tictactoe');
    expect(started.room.status).toBe('active');
    expect(started.state).toEqual({ board: Array(9).fill(null), turn: x.id });
    await watcher.ok('join_room', { room_id, as: 'spectator' });

    await play(room_id, x, o, [0, 3, 1, 4]);
    const last = await x.ok('game_action', { room_id, action: 'mark', payload: { cell: 2 } });
    expect(last).toEqual({ version: 5 });

    const board = ['X', 'X', 'X', 'O', 'O', null, null, null, null];
    for (const member of [x, o, watcher]) {
      const final = await member.waitFor('game_state', (g) => g.room_id === room_id && g.version === 5);
      expect(final.state).toEqual({ board, turn: null, winner: x.id, line: [0, 1, 2] });
      expect(final.last_action).toEqual({ user_id: x.id, action: 'mark' });
      const over = await member.waitFor('game_over', (g) => g.room_id === room_id);
      expect(over).toEqual({ room_id, result: { winner: x.id, line: [0, 1, 2] } });
    }
    // every intermediate state names whose turn it is, alternating from X
    const turns = statesOf(o, room_id).filter((g) => g.version >= 1 && g.version <= 4).map((g) => g.state.turn);
    expect(turns).toEqual([o.id, x.id, o.id, x.id]);

    const { room } = await o.ok('get_room', { room_id });
    expect(room.status).toBe('finished');
    expect((await o.err('game_action', { room_id, action: 'mark', payload: { cell: 8 } })).code).toBe('GAME_OVER');
  });

  it('plays a game to a draw: the result has a null winner and no line', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    await play(room_id, x, o, [0, 1, 2, 4, 3, 5, 7, 6, 8]);
    const over = await o.waitFor('game_over', (g) => g.room_id === room_id);
    expect(over.result).toEqual({ winner: null });
    const { state, version } = await x.ok('get_game_state', { room_id });
    expect(version).toBe(9);
    expect(state).toEqual({ board: ['X', 'O', 'X', 'X', 'O', 'O', 'O', 'X', 'X'], turn: null, winner: null });
    expect((await x.ok('get_room', { room_id })).room.status).toBe('finished');
  });

  it('lists finished games in get_match_history newest first, and honours limit', async () => {
    const [x, o, stranger] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const first = await startRoom(x, o, 'tictactoe');
    await play(first.room_id, x, o, [0, 3, 1, 4, 2]);
    await x.waitFor('game_over', (g) => g.room_id === first.room_id);
    const unfinished = await startRoom(o, x, 'tictactoe');
    await o.ok('game_action', { room_id: unfinished.room_id, action: 'mark', payload: { cell: 4 } });
    const second = await startRoom(o, x, 'tictactoe'); // o plays X here
    await play(second.room_id, o, x, [0, 1, 2, 4, 3, 5, 7, 6, 8]);
    await x.waitFor('game_over', (g) => g.room_id === second.room_id);

    const all = await x.ok('get_match_history', {});
    expect(all.matches.map((m: any) => m.room_id)).toEqual([second.room_id, first.room_id]);
    expect(all.matches[0]).toEqual({ room_id: second.room_id, game_type: 'tictactoe', players: [o.id, x.id], result: { winner: null }, ended_at: expect.stringMatching(ISO) });
    expect(all.matches[1]).toMatchObject({ players: [x.id, o.id], result: { winner: x.id, line: [0, 1, 2] } });
    expect(Date.parse(all.matches[0].ended_at)).toBeGreaterThanOrEqual(Date.parse(all.matches[1].ended_at));

    const one = await o.ok('get_match_history', { limit: 1 });
    expect(one.matches.map((m: any) => m.room_id)).toEqual([second.room_id]);
    expect((await stranger.ok('get_match_history')).matches).toEqual([]);
    expect((await x.err('get_match_history', { limit: 101 })).code).toBe('VALIDATION_ERROR');
  });

  it('refuses cells outside the board with OUT_OF_RANGE, marked cells with CELL_TAKEN and non-integers with VALIDATION_ERROR on payload.cell', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe');
    for (const cell of [9, -1, 100]) {
      const e = await x.err('game_action', { room_id, action: 'mark', payload: { cell } });
      expect(e).toMatchObject({ code: 'INVALID_MOVE', reason: 'OUT_OF_RANGE' });
    }
    await x.ok('game_action', { room_id, action: 'mark', payload: { cell: 4 } });
    expect(await o.err('game_action', { room_id, action: 'mark', payload: { cell: 4 } })).toMatchObject({ code: 'INVALID_MOVE', reason: 'CELL_TAKEN' });
    for (const cell of [1.5, '3', null, true]) {
      const e = await o.err('game_action', { room_id, action: 'mark', payload: { cell } });
      expect(e).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.cell' });
    }
    expect(await o.err('game_action', { room_id, action: 'mark', payload: {} })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.cell' });
    expect(await o.err('game_action', { room_id, action: 'mark', payload: { cell: 1, extra: 1 } })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.extra' });
    // none of the refusals moved the game
    expect((await o.ok('get_game_state', { room_id })).version).toBe(1);
  });

  it('applies the timeout rule: the player who lets the turn timer run out loses', async () => {
    const [x, o] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(x, o, 'tictactoe', { turn_time_limit_s: 1 });
    await x.ok('game_action', { room_id, action: 'mark', payload: { cell: 0 } });
    const t0 = Date.now();
    const timeout = await x.waitFor('turn_timeout', (e) => e.room_id === room_id, 5000);
    expect(timeout).toEqual({ room_id, user_id: o.id });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
    const over = await o.waitFor('game_over', (e) => e.room_id === room_id, 3000);
    expect(over.result).toEqual({ winner: x.id });
    expect(await o.waitFor('turn_timeout', (e) => e.room_id === room_id)).toEqual({ room_id, user_id: o.id });
    const { state } = await o.ok('get_game_state', { room_id });
    expect(state).toMatchObject({ turn: null, winner: x.id });
    expect((await x.ok('get_room', { room_id })).room.status).toBe('finished');
  });
});
