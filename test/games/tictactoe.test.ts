import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tictactoe } from '../../src/games/tictactoe.js';
import { GameDriver, ok } from './play.js';

function play(cells: number[]) {
  const d = new GameDriver(tictactoe);
  cells.forEach((cell, i) => ok(d.act(i % 2, 'mark', { cell })));
  return d;
}

describe('tictactoe', () => {
  it('starts empty with seat 0 (X) to move', () => {
    const d = new GameDriver(tictactoe);
    expect(d.view(0)).toEqual({ board: Array(9).fill(null), turn: 'user_0' });
    expect(tictactoe.turn(d.state)).toEqual([0]);
    expect(d.result()).toBeUndefined();
  });

  it('places X for seat 0 and O for seat 1, alternating turns', () => {
    const d = play([4, 0]);
    expect(d.view(null)).toEqual({ board: ['O', null, null, null, 'X', null, null, null, null], turn: 'user_0' });
    expect(tictactoe.turn(d.state)).toEqual([0]);
  });

  it('refuses a move out of turn with NOT_YOUR_TURN', () => {
    const d = new GameDriver(tictactoe);
    expect(d.act(1, 'mark', { cell: 0 })).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });
    ok(d.act(0, 'mark', { cell: 0 }));
    expect(d.act(0, 'mark', { cell: 1 })).toMatchObject({ ok: false, code: 'NOT_YOUR_TURN' });
  });

  it('refuses a cell outside 0–8 with OUT_OF_RANGE', () => {
    const d = new GameDriver(tictactoe);
    expect(d.act(0, 'mark', { cell: 9 })).toMatchObject({ code: 'INVALID_MOVE', reason: 'OUT_OF_RANGE' });
    expect(d.act(0, 'mark', { cell: -1 })).toMatchObject({ code: 'INVALID_MOVE', reason: 'OUT_OF_RANGE' });
  });

  it('refuses a taken cell with CELL_TAKEN', () => {
    const d = play([4]);
    expect(d.act(1, 'mark', { cell: 4 })).toMatchObject({ code: 'INVALID_MOVE', reason: 'CELL_TAKEN' });
  });

  it('leaves a non-integer, a missing cell or an extra field to schema validation', () => {
    const d = new GameDriver(tictactoe);
    expect(d.act(0, 'mark', { cell: 1.5 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.cell' });
    expect(d.act(0, 'mark', { cell: '1' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.cell' });
    expect(d.act(0, 'mark', {})).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.cell' });
    expect(d.act(0, 'mark', { cell: 1, extra: true })).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(d.version).toBe(0);
  });

  it.each([
    ['a row', [0, 3, 1, 4, 2], [0, 1, 2]],
    ['a column', [1, 0, 4, 2, 7], [1, 4, 7]],
    ['a diagonal', [0, 1, 4, 2, 8], [0, 4, 8]],
    ['the other diagonal', [2, 0, 4, 1, 6], [2, 4, 6]],
  ])('X wins with %s', (_name, cells, line) => {
    const d = play(cells);
    expect(d.result()).toEqual({ winner: 'user_0', line });
    expect(d.view(1)).toMatchObject({ turn: null, winner: 'user_0', line });
    expect(tictactoe.turn(d.state)).toEqual([]);
  });

  it('O wins with a line of its own', () => {
    const d = play([0, 3, 1, 4, 8, 5]);
    expect(d.result()).toEqual({ winner: 'user_1', line: [3, 4, 5] });
  });

  it('ends in a draw (winner null, no line) when the board fills without a line', () => {
    const d = play([0, 1, 2, 4, 3, 5, 7, 6, 8]);
    expect(d.result()).toEqual({ winner: null });
    expect(d.view(0)).toEqual({ board: ['X', 'O', 'X', 'X', 'O', 'O', 'O', 'X', 'X'], turn: null, winner: null });
  });

  it('a win on the last cell is a win, not a draw', () => {
    const d = play([0, 1, 2, 4, 3, 5, 7, 8, 6]);
    expect(d.result()).toEqual({ winner: 'user_0', line: [0, 3, 6] });
  });

  it('refuses moves after the end with GAME_OVER', () => {
    const d = play([0, 3, 1, 4, 2]);
    expect(d.act(1, 'mark', { cell: 8 })).toMatchObject({ code: 'GAME_OVER' });
    const over = tictactoe.actions.mark.apply(d.state, { cell: 8 }, { user_id: 'user_1', seat: 1 }, {} as never);
    expect(over).toEqual({ reject: 'GAME_OVER' });
  });

  it('the player who times out loses', () => {
    const d = play([4]);
    ok(d.timeout(1));
    expect(d.result()).toEqual({ winner: 'user_0' });
    expect(d.view(0)).toMatchObject({ turn: null, winner: 'user_0' });
    const first = new GameDriver(tictactoe);
    ok(first.timeout(0));
    expect(first.result()).toEqual({ winner: 'user_1' });
  });

  it('random play keeps the mark counts legal and replays exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 30, size: 'max' }), (picks) => {
        const d = new GameDriver(tictactoe);
        for (const pick of picks) {
          const [seat] = tictactoe.turn(d.state);
          if (seat === undefined) break;
          const before = d.state;
          const reply = d.act(pick % 3 === 0 ? 1 - seat : seat, 'mark', { cell: (pick >> 2) % 11 - 1 });
          if (!reply.ok) expect(d.state).toBe(before);
          const board = d.state.board;
          const xs = board.filter((m) => m === 'X').length;
          const os = board.filter((m) => m === 'O').length;
          expect(xs - os === 0 || xs - os === 1).toBe(true);
          if (d.result() === undefined) expect(d.view(null).turn).toBe(d.user(xs === os ? 0 : 1));
        }
        expect(d.replay()).toEqual(d.state);
      }),
      { numRuns: 300 },
    );
  });
});
