/** Dice baseball's lineups (with substitutions) and box score, fetched with `get_lineup` / `get_box_score`. */
import { POSITIONS, type BaseballView, type BoxScore, type Lineup, type Team } from '../../client/index.js';
import { field, fill, h, select } from '../dom.js';
import type { BoardHost } from './board.js';
import { card } from './baseball-controls.js';

const TEAMS: Team[] = ['away', 'home'];

function table(head: string[], rows: (string | number)[][], cls = 'table compact'): HTMLElement {
  return h('div', { class: 'table-scroll' }, h('table', { class: cls }, h('thead', null, h('tr', null, ...head.map((c) => h('th', null, c)))), h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((c) => h('td', null, String(c))))))));
}

export function baseballTables(host: BoardHost): { el: HTMLElement; render(v: BaseballView): void; refresh(): void } {
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const body = h('div', { class: 'tab-body' });
  let tab: 'lineups' | 'box' | 'subs' = 'lineups';
  let view: BaseballView | null = null;
  let seenPlays = -1;
  let subsKey = '';
  let lineups: Partial<Record<Team, Lineup>> = {};
  let box: BoxScore | null = null;
  const tabButton = (id: typeof tab, text: string) => h('button', { class: 'tab', role: 'tab', dataset: { tab: id }, on: { click: () => ((tab = id), draw()) } }, text);
  tabs.append(tabButton('lineups', 'Lineups'), tabButton('box', 'Box score'), tabButton('subs', 'Substitutions'));

  const load = async () => {
    const [away, home, b] = await Promise.all([
      host.call('get_lineup', { room_id: host.roomId, team: 'away' }),
      host.call('get_lineup', { room_id: host.roomId, team: 'home' }),
      host.call('get_box_score', { room_id: host.roomId }),
    ]);
    lineups = { ...(away ? { away } : {}), ...(home ? { home } : {}) };
    box = b;
    draw();
  };

  const lineupTable = (t: Team) => {
    const l = lineups[t];
    if (!l) return h('p', { class: 'muted' }, 'Loading…');
    return h(
      'div',
      null,
      h('h4', null, t === 'away' ? 'Away' : 'Home'),
      table(['#', 'Pos', 'Card', ''], l.players.map((p) => [p.batting_order, p.position, card(p.card_id), p.is_active ? (p.is_starter ? '' : 'sub') : 'out'])),
      h('p', { class: 'muted small' }, `Bench: ${l.bench.map((b) => card(b.card_id)).join(', ') || 'empty'}`),
    );
  };

  const boxTables = () => {
    if (!box) return h('p', { class: 'muted' }, 'Loading…');
    const b = box;
    return h(
      'div',
      null,
      ...TEAMS.map((t) =>
        h('div', null, h('h4', null, `${t === 'away' ? 'Away' : 'Home'} batting`), table(['', 'Pos', 'Card', 'AB', 'R', 'H', '2B', '3B', 'HR', 'RBI', 'BB', 'SO'], b.batting.filter((l) => l.team === t).map((l) => [l.batting_order, l.position, card(l.card_id), l.ab, l.r, l.h, l.doubles, l.triples, l.hr, l.rbi, l.bb, l.so]))),
      ),
      h('h4', null, 'Pitching'),
      table(['Team', 'Card', 'IP', 'BF', 'H', 'R', 'BB', 'SO', 'HR'], b.pitching.map((l) => [l.team, card(l.card_id), l.ip, l.bf, l.h, l.r, l.bb, l.so, l.hr])),
    );
  };

  const subsForm = () => {
    const mine = view?.my_team ?? null;
    if (!view || mine === null) return h('p', { class: 'muted' }, 'Only the players can make substitutions.');
    if (view.status === 'final') return h('p', { class: 'muted' }, 'The game is over.');
    const team = view.teams[mine];
    const kind = select('type', [['pinch_hitter', 'Pinch hitter'], ['defensive_replacement', 'Defensive sub'], ['pitching_change', 'New pitcher']], 'defensive_replacement');
    const out = select('lineup_id', team.lineup.map((p): [string, string] => [String(p.lineup_id), `${p.batting_order}. ${p.position} ${card(p.card_id)}`]));
    const inn = select('card_id', team.bench.map((c): [string, string] => [String(c), card(c)]));
    const pos = select('position', [...POSITIONS], 'LF');
    const posField = field('New position', pos);
    const send = h('button', { class: 'btn primary', type: 'submit', disabled: !team.bench.length }, 'Make the change');
    const sync = () => {
      posField.hidden = kind.value !== 'defensive_replacement';
      pos.value = team.lineup.find((p) => String(p.lineup_id) === out.value)?.position ?? pos.value;
      if (kind.value === 'pinch_hitter' && view!.batter && mine === view!.batting_team) out.value = String(view!.batter.lineup_id);
      if (kind.value === 'pitching_change') {
        const p = team.lineup.find((x) => x.position === 'P');
        if (p) out.value = String(p.lineup_id);
      }
    };
    kind.addEventListener('change', sync);
    out.addEventListener('change', () => (pos.value = team.lineup.find((p) => String(p.lineup_id) === out.value)?.position ?? pos.value));
    sync();
    const form = h('form', { class: 'decision' }, h('div', { class: 'form-row' }, field('Change', kind), field('Player out', out), field('Player in (bench)', inn), posField), send);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const base = { room_id: host.roomId, lineup_id: Number(out.value), card_id: Number(inn.value) };
      const done = kind.value === 'pinch_hitter' ? host.call('request_pinch_hitter', base, send) : kind.value === 'pitching_change' ? host.call('request_pitching_change', base, send) : host.call('request_defensive_replacement', { ...base, position: pos.value as never }, send);
      void done.then((r) => r && void load());
    });
    return h('div', null, form, h('p', { class: 'muted small' }, 'A replaced player cannot come back. A new pitcher must face at least one batter before the next change.'));
  };

  const draw = () => {
    for (const b of Array.from(tabs.querySelectorAll<HTMLButtonElement>('.tab'))) b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    if (tab === 'lineups') fill(body, h('div', { class: 'two-col' }, lineupTable('away'), lineupTable('home')));
    else if (tab === 'box') fill(body, boxTables());
    else fill(body, subsForm());
  };

  return {
    el: h('section', { class: 'baseball-tables' }, tabs, body),
    render(v) {
      view = v;
      // Redraw the substitution form only when what it offers changed (not to lose a half-made choice).
      const key = JSON.stringify([v.status, v.my_team && v.teams[v.my_team], v.batter, v.batting_team]);
      if (v.play_count !== seenPlays) {
        seenPlays = v.play_count;
        subsKey = key;
        void load();
      } else if (tab === 'subs' && key !== subsKey) {
        subsKey = key;
        draw();
      }
    },
    refresh: () => void load(),
  };
}
