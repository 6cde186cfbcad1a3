/** Score challenge: a countdown to the server's end time, both scores, and reporting your own. */
import type { ScoreChallengeView } from '../../client/index.js';
import { fill, h } from '../dom.js';
import { winnerText, type BoardDef } from './board.js';

const clock = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export const scoreChallengeBoard: BoardDef = {
  resultText: (r, host) => winnerText((r as { winner: string | null }).winner, host),
  create(host) {
    const time = h('div', { class: 'countdown', role: 'timer', 'aria-live': 'off' }, '—');
    const bar = h('div', { class: 'progress' }, h('div', { class: 'progress-fill' }));
    const scores = h('ul', { class: 'scores' });
    const input = h('input', { name: 'score', type: 'number', min: '0', step: '1', inputMode: 'numeric', required: true, 'aria-label': 'Your score' });
    const report = h('button', { class: 'btn primary', type: 'submit' }, 'Report score');
    const form = h('form', { class: 'score-form' }, input, report);
    const status = h('p', { class: 'turn-line' });
    let view: ScoreChallengeView | null = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const score = Number(input.value);
      if (!Number.isInteger(score) || score < 0) return;
      void host.act('report_score', { score }, report).then((ok) => ok && (input.value = ''));
    });
    const tick = () => {
      if (!view) return;
      const end = Date.parse(view.ends_at);
      // Clamped: the clock offset measured at connect includes network latency.
      const left = Math.min(end - host.app.serverNow(), view.duration_s * 1000);
      time.textContent = view.over ? '0:00' : clock(left);
      time.classList.toggle('urgent', !view.over && left < 10_000);
      (bar.firstChild as HTMLElement).style.width = `${Math.min(100, Math.max(0, 100 - (left / (view.duration_s * 1000)) * 100))}%`;
      const closed = view.over || left <= 0;
      input.disabled = report.disabled = closed || host.mySeat() === null;
      if (!view.over && left <= 0) status.textContent = 'Time is up. Waiting for the result…';
    };
    const timer = setInterval(tick, 250);
    const el = h('div', { class: 'board board-score' }, status, time, bar, scores, form, h('p', { class: 'muted small' }, 'Play your game anywhere, then report your score here. The higher score when the clock runs out wins; you can update yours as often as you like.'));
    return {
      el,
      render(state) {
        view = state as ScoreChallengeView;
        form.hidden = host.mySeat() === null;
        status.textContent = view.over ? winnerText(view.winner, host) : host.mySeat() === null ? 'You are watching.' : `Your score: ${view.my_score ?? 0}`;
        fill(
          scores,
          ...view.players.map((p) =>
            h('li', { class: p.user_id === view!.winner ? 'leader' : '' }, h('span', null, p.user_id === host.app.me.id ? 'You' : host.app.nameOf(p.user_id)), h('strong', { dataset: { score: p.user_id } }, String(p.score))),
          ),
        );
        tick();
      },
      destroy: () => clearInterval(timer),
    };
  },
};
