/** The board of each shipped game; rooms of other game types get a generic state viewer. */
import { h } from '../dom.js';
import type { BoardDef } from './board.js';
import { chshBoard } from './chsh.js';
import { baseballBoard } from './baseball.js';
import { scoreChallengeBoard } from './score-challenge.js';
import { tictactoeBoard } from './tictactoe.js';

const generic: BoardDef = {
  create: () => {
    const pre = h('pre', { class: 'state-json' });
    return { el: h('div', { class: 'board' }, h('p', { class: 'muted' }, 'No board for this game yet; this is its state:'), pre), render: (s) => (pre.textContent = JSON.stringify(s, null, 2)) };
  },
  resultText: (r) => `Result: ${JSON.stringify(r)}`,
};

const BOARDS: Record<string, BoardDef> = {
  tictactoe: tictactoeBoard,
  chsh: chshBoard,
  score_challenge: scoreChallengeBoard,
  dice_baseball: baseballBoard,
};

export function boardFor(gameType: string): BoardDef {
  return BOARDS[gameType] ?? generic;
}
