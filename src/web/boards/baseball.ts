/**
 * Dice baseball: the line score, the situation (inning, outs, runners on a diamond, the
 * matchup), the controls of whichever side is due to act, the play log, and the lineups,
 * substitutions and box score.
 */
import type { BaseballView, PlayResolved, Team } from '../../client/index.js';
import { fill, h } from '../dom.js';
import type { BoardDef, BoardHost } from './board.js';
import { baseballControls, card } from './baseball-controls.js';
import { baseballTables } from './baseball-tables.js';

const TEAM_NAME: Record<Team, string> = { away: 'Away', home: 'Home' };

function lineScore(v: BaseballView, host: BoardHost): HTMLElement {
  const n = Math.max(v.innings, v.line_score.away.innings.length, v.line_score.home.innings.length);
  const cols = Array.from({ length: n }, (_, i) => i + 1);
  const row = (t: Team) =>
    h(
      'tr',
      { class: v.batting_team === t && v.status === 'active' ? 'batting' : '' },
      h('th', { class: 'team' }, `${TEAM_NAME[t]} · ${v.teams[t].user_id === host.app.me.id ? 'You' : host.app.nameOf(v.teams[t].user_id)}`),
      ...cols.map((i) => h('td', null, v.line_score[t].innings[i - 1] === undefined ? '' : String(v.line_score[t].innings[i - 1]))),
      h('td', { class: 'runs', dataset: { runs: t } }, String(v.score[t])),
      h('td', null, String(v.line_score[t].hits)),
    );
  return h(
    'div',
    { class: 'table-scroll' },
    h('table', { class: 'table linescore' }, h('thead', null, h('tr', null, h('th', null, ''), ...cols.map((i) => h('th', null, String(i))), h('th', null, 'R'), h('th', null, 'H'))), h('tbody', null, row('away'), row('home'))),
  );
}

function diamond(v: BaseballView): HTMLElement {
  const base = (name: 'first' | 'second' | 'third', label: string) =>
    h('div', { class: `base base-${name}${v.bases[name] ? ' on' : ''}`, title: v.bases[name] ? `${label}: ${card(v.bases[name]!.card_id)}` : `${label}: empty` }, v.bases[name] ? card(v.bases[name]!.card_id) : '');
  return h('div', { class: 'diamond', 'aria-label': `Runners: ${['first', 'second', 'third'].filter((b) => v.bases[b as 'first']).join(', ') || 'none'}` }, base('second', '2nd'), base('third', '3rd'), base('first', '1st'), h('div', { class: 'base home-plate' }));
}

function situation(v: BaseballView): HTMLElement {
  const outs = h('span', { class: 'outs', 'aria-label': `${v.outs} out${v.outs === 1 ? '' : 's'}` }, ...[0, 1, 2].map((i) => h('span', { class: `out-dot${i < v.outs ? ' on' : ''}` })));
  return h(
    'div',
    { class: 'situation' },
    diamond(v),
    h(
      'div',
      { class: 'situation-text' },
      h('p', { class: 'inning' }, v.status === 'final' ? 'Final' : `${v.half === 'top' ? 'Top' : 'Bottom'} ${v.inning}${v.inning > v.innings ? ' (extra)' : ''}`),
      h('p', null, outs, ` ${v.outs} out${v.outs === 1 ? '' : 's'}`),
      v.batter ? h('p', null, 'At bat: ', h('strong', null, `${card(v.batter.card_id)} (${v.batter.position}, #${v.batter.batting_order} in the order)`)) : null,
      v.pitcher ? h('p', null, 'Pitching: ', h('strong', null, card(v.pitcher.card_id))) : null,
    ),
  );
}

export const baseballBoard: BoardDef = {
  seatLabel: (seat) => (seat === 0 ? 'Away' : 'Home'),
  resultText: (r, host) => {
    const res = r as { winner: string | null; score: Record<Team, number>; forfeited_by?: string };
    const who = res.winner === null ? 'A tie' : res.winner === host.app.me.id ? 'You won' : `${host.app.nameOf(res.winner)} won`;
    return `${who}, ${res.score.away}–${res.score.home}${res.forfeited_by ? ' (forfeit)' : ''}.`;
  },
  create(host) {
    const score = h('div');
    const sit = h('div');
    const controls = baseballControls(host);
    const log = h('ol', { class: 'play-log', reversed: true });
    const tables = baseballTables(host);
    let lastPlay = -1;
    const el = h(
      'div',
      { class: 'board board-baseball' },
      score,
      h('div', { class: 'baseball-main' }, sit, controls.el),
      h('h3', null, 'Recent plays'),
      log,
      tables.el,
    );
    const addPlay = (p: Omit<PlayResolved, 'room_id'>) => {
      if (p.play_number <= lastPlay) return;
      lastPlay = p.play_number;
      log.querySelector('.empty-play')?.remove();
      log.prepend(h('li', { class: p.runs_scored ? 'scored' : '' }, h('strong', null, `${p.play_number}. `), p.description, p.runs_scored ? h('span', { class: 'pill good' }, `+${p.runs_scored} run${p.runs_scored === 1 ? '' : 's'}`) : null));
      while (log.children.length > 15) log.lastElementChild!.remove();
    };
    log.append(h('li', { class: 'muted empty-play' }, 'No plays yet.'));
    return {
      el,
      render(state) {
        const v = state as BaseballView;
        fill(score, lineScore(v, host));
        fill(sit, situation(v));
        controls.render(v);
        if (v.last_play) addPlay(v.last_play);
        tables.render(v);
      },
      push(event, data) {
        if (event === 'dice_rolled') controls.dice(data as never);
        if (event === 'play_resolved') addPlay(data as PlayResolved);
        if (event === 'player_substituted') tables.refresh();
      },
    };
  },
};
