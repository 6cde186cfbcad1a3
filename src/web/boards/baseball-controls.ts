/**
 * The dice baseball controls of the side due to act: the fielding team's defensive
 * decision; the batting team's offensive decision, the roll, and the outcome entry (with
 * the hit location where the ball was put in play).
 */
import { NEEDS_HIT_LOCATION, OUTCOMES, POSITIONS, type BaseballView, type DiceRolled, type Outcome } from '../../client/index.js';
import { field, fill, h, select } from '../dom.js';
import type { BoardHost } from './board.js';
import { icon } from '../icons.js';

export const card = (id: number | undefined | null) => (id === undefined || id === null ? '—' : `#${id}`);
const label = (s: string) => s.replace(/_/g, ' ');

function checks(name: string, values: number[], text: (n: number) => string): HTMLElement {
  return h('div', { class: 'checks' }, ...values.map((n) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: String(n) }), ` ${text(n)}`)));
}
const checked = (el: HTMLElement, name: string) => Array.from(el.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)).map((i) => Number(i.value));

export function baseballControls(host: BoardHost): { el: HTMLElement; render(v: BaseballView): void; dice(d: DiceRolled): void } {
  const el = h('div', { class: 'controls' });
  const diceBox = h('div', { class: 'dice', hidden: true });

  // Defense (fielding team).
  const alignment = select('alignment', ['normal', 'shifted_left', 'shifted_right'].map((v): [string, string] => [v, label(v)]), 'normal');
  const infield = select('infield_depth', ['normal', 'in', 'double_play'].map((v): [string, string] => [v, label(v)]), 'normal');
  const outfield = select('outfield_depth', ['normal', 'in', 'back'].map((v): [string, string] => [v, label(v)]), 'normal');
  const holds = checks('hold', [1, 2, 3], (n) => `hold ${['1st', '2nd', '3rd'][n - 1]}`);
  const defend = h('button', { class: 'btn primary', type: 'submit' }, 'Set defense');
  const defense = h('form', { class: 'decision' }, h('h4', null, 'Your defense'), h('div', { class: 'form-row' }, field('Alignment', alignment), field('Infield', infield), field('Outfield', outfield)), holds, defend);
  defense.addEventListener('submit', (e) => {
    e.preventDefault();
    void host.call('submit_defensive_decision', { room_id: host.roomId, alignment: alignment.value as never, infield_depth: infield.value as never, outfield_depth: outfield.value as never, hold_runners: checked(holds, 'hold') }, defend);
  });

  // Offense (batting team).
  const approach = select('approach', ['normal', 'contact', 'power'], 'normal');
  const steals = checks('steal', [2, 3], (n) => `steal ${n === 2 ? '2nd' : '3rd'}`);
  const bunt = h('input', { type: 'checkbox', name: 'bunt' });
  const attack = h('button', { class: 'btn', type: 'submit' }, 'Set offense');
  const roll = h('button', { class: 'btn primary big', type: 'button', dataset: { action: 'roll' } }, icon('dice'), 'Roll dice');
  const offense = h('form', { class: 'decision' }, h('h4', null, 'Your offense'), h('div', { class: 'form-row' }, field('Approach', approach)), steals, h('label', { class: 'check' }, bunt, ' bunt'), h('div', { class: 'row-actions' }, attack, roll));
  offense.addEventListener('submit', (e) => {
    e.preventDefault();
    void host.call('submit_offensive_decision', { room_id: host.roomId, approach: approach.value as never, steal_attempts: checked(steals, 'steal'), bunt_attempt: bunt.checked }, attack);
  });
  roll.addEventListener('click', () => void host.call('roll_dice', { room_id: host.roomId }, roll));

  // Outcome entry (batting team, after the roll).
  const outcome = select('outcome', OUTCOMES.map((o): [string, string] => [o, label(o)]), 'single');
  const where = select('hit_location', [['', '— where? —'], ...POSITIONS.map((p): [string, string] => [p, p])], '');
  const whereField = field('Hit location', where, 'Needed for ground balls, fly balls and line outs.');
  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Submit outcome');
  const outcomeForm = h('form', { class: 'decision' }, h('h4', null, 'What happened?'), h('div', { class: 'form-row' }, field('Outcome', outcome), whereField), submit);
  const syncWhere = () => {
    const needs = NEEDS_HIT_LOCATION.includes(outcome.value as Outcome);
    where.required = needs;
    whereField.classList.toggle('required', needs);
  };
  outcome.addEventListener('change', syncWhere);
  syncWhere();
  let rollId = '';
  outcomeForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void host.call('submit_manual_outcome', { room_id: host.roomId, roll_id: rollId, outcome: outcome.value, ...(where.value ? { hit_location: where.value as never } : {}) }, submit).then((ok) => {
      if (ok) where.value = '';
    });
  });

  const status = h('p', { class: 'turn-line' });
  const showDice = (d: Omit<DiceRolled, 'room_id'> | null) => {
    diceBox.hidden = !d;
    if (!d) return;
    const die = (name: string, value: number, kind: string) => h('div', { class: `die ${kind}` }, h('span', { class: 'die-value' }, String(value)), h('span', { class: 'die-name' }, name));
    fill(diceBox, die('d6', d.d6_one, 'd6'), die('2d6', d.d6_two_total, 'd6'), die('chaos d20', d.chaos_d20, 'd20'), die('resolution d20', d.resolution_d20, 'd20'));
  };

  return {
    el,
    dice: (d) => showDice(d),
    render(v) {
      const mine = v.my_team;
      const batting = mine !== null && mine === v.batting_team;
      const fielding = mine !== null && mine === v.fielding_team;
      rollId = v.pending_roll?.roll_id ?? '';
      showDice(v.pending_roll);
      const parts: (HTMLElement | null)[] = [status, diceBox];
      if (v.status === 'final') status.textContent = 'The game is over.';
      else if (mine === null) status.textContent = `${v.batting_team === 'away' ? 'Away' : 'Home'} is batting. You are watching.`;
      else if (batting && v.pending_roll) {
        status.textContent = 'Dice are on the table: enter the outcome from your card.';
        parts.push(outcomeForm);
      } else if (batting) {
        status.textContent = `You are batting. Defense ${v.decisions.defense.submitted ? 'has set up' : 'has not decided yet (defaults apply at the roll)'}.`;
        parts.push(offense);
      } else if (fielding && v.pending_roll) status.textContent = 'The dice are rolled. Waiting for the batting team to enter the outcome…';
      else if (fielding) {
        status.textContent = v.decisions.defense.submitted ? 'Defense set. Waiting for the batter…' : 'You are fielding: set your defense (or let the defaults stand).';
        defend.textContent = v.decisions.defense.submitted ? 'Update defense' : 'Set defense';
        parts.push(defense);
      }
      fill(el, ...parts);
    },
  };
}
