/**
 * `tictactoe` — the shortest complete game module: schema, rules, view, timeout, result.
 * Seat order decides the marks: the first seat plays X and starts.
 * Timeout rule: the player who timed out loses.
 */
import { z } from 'zod';
import { action, defineGame, invalid, type Seat, type UserId } from './game-module.js';

type Mark = 'X' | 'O';
const MARKS: readonly Mark[] = ['X', 'O'];
const LINES = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6]];

export interface TicTacToeState {
  players: { user_id: UserId; seat: Seat }[]; // index 0 plays X
  board: (Mark | null)[];
  next: number; // index into players
  over: boolean;
  winner: UserId | null;
  line: number[] | null;
}

const winningLine = (board: (Mark | null)[]) =>
  LINES.find(([a, b, c]) => board[a] !== null && board[a] === board[b] && board[a] === board[c]) ?? null;

export const tictactoe = defineGame<TicTacToeState>({
  type: 'tictactoe', minPlayers: 2, maxPlayers: 2,
  setup: (ctx) => ({
    players: ctx.players.map(({ user_id, seat }) => ({ user_id, seat })),
    board: Array<Mark | null>(9).fill(null), next: 0, over: false, winner: null, line: null,
  }),
  actions: {
    mark: action(z.object({ cell: z.number().int() }).strict(), (s, { cell }, actor) => {
      if (s.over) return { reject: 'GAME_OVER' };
      if (s.players[s.next].seat !== actor.seat) return { reject: 'NOT_YOUR_TURN' };
      if (cell < 0 || cell > 8) return invalid('OUT_OF_RANGE', 'cell must be between 0 and 8');
      if (s.board[cell] !== null) return invalid('CELL_TAKEN', `cell ${cell} is already marked`);
      const board = s.board.map((m, i) => (i === cell ? MARKS[s.next] : m));
      const line = winningLine(board);
      const over = line !== null || board.every((m) => m !== null);
      const winner = line ? actor.user_id : null;
      return { state: { ...s, board, next: 1 - s.next, over, winner, line: line ? [...line] : null } };
    }),
  },
  view: (s) => ({
    board: [...s.board],
    turn: s.over ? null : s.players[s.next].user_id,
    ...(s.over ? { winner: s.winner } : {}),
    ...(s.line ? { line: [...s.line] } : {}),
  }),
  turn: (s) => (s.over ? [] : [s.players[s.next].seat]),
  onTimeout: (s, seat) => {
    const loser = s.players.findIndex((p) => p.seat === seat);
    if (s.over || loser < 0) return { state: s };
    return { state: { ...s, over: true, winner: s.players[1 - loser].user_id } };
  },
  result: (s) => (s.over ? { winner: s.winner, ...(s.line ? { line: [...s.line] } : {}) } : undefined),
});
