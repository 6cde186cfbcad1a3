/** Tic-tac-toe: a 3 × 3 grid of buttons; seat 0 plays X and starts. */
import type { TicTacToeView } from '../../client/index.js';
import { h } from '../dom.js';
import { winnerText, type BoardDef } from './board.js';

export const tictactoeBoard: BoardDef = {
  seatLabel: (seat) => (seat === 0 ? 'X' : 'O'),
  resultText: (r, host) => winnerText((r as { winner: string | null }).winner, host),
  create(host) {
    const status = h('p', { class: 'turn-line', role: 'status', 'aria-live': 'polite' });
    const grid = h('div', { class: 'ttt', role: 'grid', 'aria-label': 'Tic-tac-toe board' });
    const cells = Array.from({ length: 9 }, (_, i) => {
      const b = h('button', { class: 'ttt-cell', dataset: { cell: String(i) }, 'aria-label': `Cell ${i + 1}` });
      b.addEventListener('click', () => void host.act('mark', { cell: i }, b));
      grid.append(b);
      return b;
    });
    const el = h('div', { class: 'board board-ttt' }, status, grid);
    return {
      el,
      render(state) {
        const v = state as TicTacToeView;
        const seat = host.mySeat();
        const mine = v.turn !== null && v.turn === host.app.me.id;
        const over = v.turn === null;
        v.board.forEach((mark, i) => {
          const c = cells[i]!;
          c.textContent = mark ?? '';
          c.dataset.mark = mark ?? '';
          c.disabled = !mine || mark !== null;
          c.classList.toggle('win', !!v.line?.includes(i));
          c.setAttribute('aria-label', `Cell ${i + 1}${mark ? `: ${mark}` : ''}`);
        });
        grid.classList.toggle('my-turn', mine);
        status.className = `turn-line${mine ? ' mine' : ''}${over ? ' over' : ''}`;
        if (over) status.textContent = v.line ? `Three in a row for ${v.board[v.line[0]!]}.` : 'The board is full.';
        else if (seat === null) status.textContent = `${host.app.nameOf(v.turn)} to move.`;
        else status.textContent = mine ? `Your turn — you play ${seat === 0 ? 'X' : 'O'}.` : `Waiting for ${host.app.nameOf(v.turn)}…`;
      },
    };
  },
};
