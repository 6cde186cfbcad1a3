/** CHSH: this player's question, two answer buttons, the partner's progress, live statistics and the round history. */
import type { ChshView } from '../../client/index.js';
import { fill, h } from '../dom.js';
import { chshStatsPanel } from '../parts/chsh-stats.js';
import type { BoardDef } from './board.js';

export const chshBoard: BoardDef = {
  seatLabel: (seat) => (seat === 0 ? 'A/B' : 'X/Y'),
  resultText: (r) => {
    const res = r as { rounds_played: number; stats: { S: number | null; win_rate: number | null } };
    const rate = res.stats.win_rate === null ? '—' : `${Math.round(res.stats.win_rate * 100)}%`;
    return `Game over: ${res.rounds_played} rounds, win rate ${rate}, S = ${res.stats.S === null ? '—' : res.stats.S.toFixed(2)}.`;
  },
  create(host) {
    const progress = h('div', { class: 'progress' }, h('div', { class: 'progress-fill' }));
    const roundLine = h('p', { class: 'turn-line' });
    const question = h('div', { class: 'chsh-question', dataset: { question: '' } });
    const status = h('p', { class: 'muted', role: 'status' });
    const yes = h('button', { class: 'btn answer', dataset: { answer: 'true' } }, h('strong', null, '+1'), h('small', null, 'answer true'));
    const no = h('button', { class: 'btn answer', dataset: { answer: 'false' } }, h('strong', null, '−1'), h('small', null, 'answer false'));
    const answers = h('div', { class: 'answer-row' }, yes, no);
    const stats = h('div');
    const history = h('ol', { class: 'history', reversed: true });
    let round = 1;
    yes.addEventListener('click', () => void host.act('answer', { round, answer: true }, yes));
    no.addEventListener('click', () => void host.act('answer', { round, answer: false }, no));
    const el = h(
      'div',
      { class: 'board board-chsh' },
      h('div', { class: 'chsh-play' }, roundLine, progress, question, answers, status),
      h('p', { class: 'muted small rules' }, 'One of you is asked A or B, the other X or Y. Answer without talking. You win a round when your answers differ exactly when the questions are B and Y.'),
      h('h3', null, 'Team statistics'),
      stats,
      h('h3', null, 'Rounds'),
      history,
    );
    return {
      el,
      render(state) {
        const v = state as ChshView;
        round = v.round;
        const done = v.history.length;
        (progress.firstChild as HTMLElement).style.width = `${(done / v.rounds) * 100}%`;
        const playing = v.my_question !== null;
        roundLine.textContent = playing || done < v.rounds ? `Round ${v.round} of ${v.rounds}` : `All ${v.rounds} rounds played`;
        question.hidden = answers.hidden = !playing;
        question.dataset.question = v.my_question ?? '';
        fill(question, h('span', { class: 'muted small' }, 'Your question'), h('span', { class: 'q-letter' }, v.my_question ?? ''));
        yes.disabled = no.disabled = !playing || v.answered;
        if (host.mySeat() === null) status.textContent = 'You are watching: questions stay hidden until both have answered.';
        else if (!playing) status.textContent = '';
        else if (v.answered) status.textContent = v.partner_answered ? 'Both answered.' : 'Answer sent. Waiting for your partner…';
        else status.textContent = v.partner_answered ? 'Your partner has answered. Your turn.' : 'Choose your answer.';
        fill(stats, chshStatsPanel(v.stats));
        fill(
          history,
          ...[...v.history].reverse().slice(0, 12).map((r) =>
            h('li', { class: r.won ? 'won' : 'lost' }, `Round ${r.round}: ${r.questions['0']}${r.questions['1']} → ${r.answers['0'] ? '+1' : '−1'} / ${r.answers['1'] ? '+1' : '−1'} `, h('span', { class: 'pill' }, r.won ? 'won' : 'lost')),
          ),
        );
        if (!v.history.length) history.append(h('li', { class: 'muted' }, 'No rounds completed yet.'));
      },
    };
  },
};
