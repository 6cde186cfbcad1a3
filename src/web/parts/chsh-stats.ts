/** CHSH statistics as a small panel: S against the classical bound, win rate, E per question pair. Used by the board and /admin. */
import type { ChshPair, ChshStats } from '../../client/index.js';
import { h } from '../dom.js';

const PAIRS: ChshPair[] = ['AX', 'AY', 'BX', 'BY'];
const TSIRELSON = 2 * Math.SQRT2;

export const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits));
export const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);

/** A gauge of |S| from 0 to 4 with marks at 2 (classical) and 2√2 (quantum). */
export function sGauge(s: number | null): HTMLElement {
  const value = s === null ? 0 : Math.min(4, Math.abs(s));
  const beyond = s !== null && Math.abs(s) > 2;
  return h(
    'div',
    { class: `gauge${beyond ? ' beyond' : ''}`, role: 'img', 'aria-label': `S = ${fmt(s)}` },
    h('div', { class: 'gauge-fill', style: `width:${(value / 4) * 100}%` }),
    h('div', { class: 'gauge-mark', style: 'left:50%', title: 'Classical bound 2' }),
    h('div', { class: 'gauge-mark q', style: `left:${(TSIRELSON / 4) * 100}%`, title: 'Quantum bound 2√2' }),
  );
}

export function chshStatsPanel(stats: ChshStats | null): HTMLElement {
  const s = stats?.S ?? null;
  const table = h(
    'table',
    { class: 'table compact' },
    h('thead', null, h('tr', null, h('th', null, 'Pair'), ...PAIRS.map((p) => h('th', null, p)))),
    h(
      'tbody',
      null,
      h('tr', null, h('th', null, 'Rounds'), ...PAIRS.map((p) => h('td', null, String(stats?.counts[p] ?? 0)))),
      h('tr', null, h('th', null, 'E'), ...PAIRS.map((p) => h('td', null, fmt(stats?.E[p] ?? null)))),
    ),
  );
  return h(
    'div',
    { class: 'chsh-stats' },
    h(
      'div',
      { class: 'stat-row' },
      h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'S'), h('span', { class: `stat-value${s !== null && Math.abs(s) > 2 ? ' good' : ''}`, dataset: { stat: 'S' } }, fmt(s))),
      h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Win rate'), h('span', { class: 'stat-value', dataset: { stat: 'win_rate' } }, pct(stats?.win_rate ?? null))),
    ),
    sGauge(s),
    h('p', { class: 'muted small' }, 'S = E(AX) + E(AY) + E(BX) − E(BY). Classical strategies stay within |S| ≤ 2 (win rate ≤ 75%).'),
    table,
  );
}
