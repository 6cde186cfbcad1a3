import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHSH_METADATA, CHSH_PAIRS, chsh, chshSchedule, chshStats, chshSummary, chshWon, type ChshPair, type ChshState,
} from '../../src/games/chsh.js';
import { createRandom } from '../../src/games/random.js';
import { GameDriver, ok, START } from './play.js';

const count = (pairs: readonly ChshPair[], pair: ChshPair) => pairs.filter((p) => p === pair).length;
const round = (q: string, a0: boolean, a1: boolean) => ({
  questions: { '0': q[0] as 'A' | 'B', '1': q[1] as 'X' | 'Y' },
  answers: { '0': a0, '1': a1 },
});

/** Plays every remaining round with fixed answers. */
function playOut(d: GameDriver<ChshState>, a0: (q: string) => boolean, a1: (q: string) => boolean) {
  while (chsh.result(d.state) === undefined) {
    const r = d.state.round;
    ok(d.act(0, 'answer', { round: r, answer: a0(d.view(0).my_question) }));
    ok(d.act(1, 'answer', { round: r, answer: a1(d.view(1).my_question) }));
  }
}

describe('chsh schedule', () => {
  it('opens with each of the four pairs combo_repeats times, then draws pairs at random', () => {
    const schedule = chshSchedule(createRandom('s', 0), 40, 2);
    expect(schedule).toHaveLength(40);
    for (const pair of CHSH_PAIRS) expect(count(schedule.slice(0, 8), pair)).toBe(2);
    for (const pair of schedule) expect(CHSH_PAIRS).toContain(pair);
  });

  it('shuffles the balanced opening (not always in listed order) and depends only on the PRNG', () => {
    const openings = new Set(['a', 'b', 'c', 'd', 'e'].map((seed) => chshSchedule(createRandom(seed, 0), 12, 3).join()));
    expect(openings.size).toBeGreaterThan(1);
    expect(chshSchedule(createRandom('x', 0), 40, 2)).toEqual(chshSchedule(createRandom('x', 0), 40, 2));
  });

  it('cuts the balanced opening short when rounds < 4 × combo_repeats', () => {
    const schedule = chshSchedule(createRandom('t', 0), 5, 3);
    expect(schedule).toHaveLength(5);
    for (const pair of CHSH_PAIRS) expect(count(schedule, pair)).toBeLessThanOrEqual(3);
  });

  it('is all random with combo_repeats 0, and roughly uniform', () => {
    const schedule = chshSchedule(createRandom('u', 0), 4000, 0);
    for (const pair of CHSH_PAIRS) {
      expect(count(schedule, pair)).toBeGreaterThan(850);
      expect(count(schedule, pair)).toBeLessThan(1150);
    }
  });

  it('is drawn in setup from ctx.random (version 0) with the room metadata', () => {
    const d = new GameDriver(chsh, { seed: 'room-seed', metadata: { rounds: 10, combo_repeats: 1, team_name: 'Qubits' } });
    expect(d.state.schedule).toEqual(chshSchedule(createRandom('room-seed', 0), 10, 1));
    expect(d.state.team_name).toBe('Qubits');
    expect(d.view(0).rounds).toBe(10);
  });

  it('defaults to 40 rounds, 2 repeats and no team name', () => {
    const d = new GameDriver(chsh);
    expect(d.state.rounds).toBe(40);
    expect(d.state.team_name).toBeNull();
    for (const pair of CHSH_PAIRS) expect(count(d.state.schedule.slice(0, 8), pair)).toBe(2);
  });

  it('declares metadata schemas with sensible bounds', () => {
    const { rounds, combo_repeats, team_name } = CHSH_METADATA;
    expect(rounds.parse(undefined)).toBe(40);
    expect(combo_repeats.parse(undefined)).toBe(2);
    for (const bad of [0, 1001, 2.5, '40']) expect(rounds.safeParse(bad).success).toBe(false);
    for (const bad of [-1, 51, 1.5]) expect(combo_repeats.safeParse(bad).success).toBe(false);
    expect(combo_repeats.parse(0)).toBe(0);
    expect(team_name.parse('  Bell  ')).toBe('Bell');
    expect(team_name.safeParse('x'.repeat(65)).success).toBe(false);
  });
});

describe('chsh stats', () => {
  it('computes counts, E per pair, S and the win rate (checked by hand)', () => {
    const stats = chshStats([
      round('AX', true, true), round('AX', true, false), round('AX', false, false), // same 2, diff 1
      round('AY', true, true), // E = 1
      round('BX', false, true), // E = −1
      round('BY', true, false), round('BY', false, true), // E = −1
    ]);
    expect(stats.counts).toEqual({ AX: 3, AY: 1, BX: 1, BY: 2 });
    expect(stats.E.AX).toBeCloseTo(1 / 3, 12);
    expect(stats.E).toMatchObject({ AY: 1, BX: -1, BY: -1 });
    expect(stats.S).toBeCloseTo(1 / 3 + 1 - 1 + 1, 12); // 4/3
    expect(stats.win_rate).toBeCloseTo(5 / 7, 12); // won: AX×2, AY, BY×2
  });

  it('has null E for a pair without rounds, null S until all four pairs have rounds, null win rate when empty', () => {
    expect(chshStats([])).toEqual({
      counts: { AX: 0, AY: 0, BX: 0, BY: 0 }, E: { AX: null, AY: null, BX: null, BY: null }, S: null, win_rate: null,
    });
    const partial = chshStats([round('AX', true, true), round('AY', true, false), round('BX', false, false)]);
    expect(partial.E).toEqual({ AX: 1, AY: -1, BX: 1, BY: null });
    expect(partial.S).toBeNull();
    expect(partial.win_rate).toBeCloseTo(2 / 3, 12);
  });

  it('reaches the classical bound S = 2 and win rate 3/4 with "always agree"', () => {
    const stats = chshStats(CHSH_PAIRS.map((p) => round(p, true, true)));
    expect(stats.S).toBe(2);
    expect(stats.win_rate).toBe(0.75);
  });

  it('wins a round iff (a ≠ b) equals (x = B and y = Y)', () => {
    expect(chshWon(round('AX', true, true))).toBe(true);
    expect(chshWon(round('AX', true, false))).toBe(false);
    expect(chshWon(round('AY', false, false))).toBe(true);
    expect(chshWon(round('BX', false, true))).toBe(false);
    expect(chshWon(round('BY', true, false))).toBe(true);
    expect(chshWon(round('BY', true, true))).toBe(false);
  });
});

describe('chsh game', () => {
  it('gives seat 0 an A/B question and seat 1 an X/Y question, and only their own', () => {
    const d = new GameDriver(chsh);
    const pair = d.state.schedule[0];
    expect(d.view(0)).toEqual({
      round: 1, rounds: 40, my_question: pair[0], answered: false, partner_answered: false, history: [],
      stats: chshStats([]),
    });
    expect(d.view(1).my_question).toBe(pair[1]);
    expect(chsh.turn(d.state)).toEqual([0, 1]);
  });

  it('shows spectators round, rounds, history and stats but no question', () => {
    const d = new GameDriver(chsh);
    expect(d.view(null)).toMatchObject({ round: 1, rounds: 40, my_question: null, history: [] });
  });

  it('keeps the partner question hidden after one answer and reveals both in history once both answered', () => {
    const d = new GameDriver(chsh, { metadata: { rounds: 3 } });
    const [x, y] = d.state.schedule[0];
    ok(d.act(1, 'answer', { round: 1, answer: false }));
    expect(d.view(1)).toMatchObject({ my_question: y, answered: true, partner_answered: false, history: [] });
    expect(d.view(0)).toMatchObject({ my_question: x, answered: false, partner_answered: true, history: [] });
    expect(chsh.turn(d.state)).toEqual([0]);
    const reply = ok(d.act(0, 'answer', { round: 1, answer: true }));
    expect(reply.result).toEqual({ round: 1, round_complete: true, won: chshWon(round(`${x}${y}`, true, false)) });
    expect(d.view(0)).toMatchObject({
      round: 2, answered: false, partner_answered: false,
      history: [{ round: 1, questions: { '0': x, '1': y }, answers: { '0': true, '1': false }, won: x === 'B' && y === 'Y' }],
    });
    expect(chsh.turn(d.state)).toEqual([0, 1]);
  });

  it('refuses an answer for another round (WRONG_ROUND) or a second one (ALREADY_ANSWERED)', () => {
    const d = new GameDriver(chsh);
    expect(d.act(0, 'answer', { round: 2, answer: true })).toMatchObject({ code: 'INVALID_MOVE', reason: 'WRONG_ROUND' });
    expect(d.act(0, 'answer', { round: 0, answer: true })).toMatchObject({ reason: 'WRONG_ROUND' });
    ok(d.act(0, 'answer', { round: 1, answer: true }));
    expect(d.act(0, 'answer', { round: 1, answer: false })).toMatchObject({ reason: 'ALREADY_ANSWERED' });
    expect(d.act(0, 'answer', { round: 1, answer: 'yes' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.answer' });
    expect(d.act(0, 'answer', { round: 1.5, answer: true })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.round' });
  });

  it('accepts the submit_answer alias', () => {
    expect(chsh.aliases?.submit_answer).toEqual({ action: 'answer', payloadKeys: ['round', 'answer'] });
    const d = new GameDriver(chsh);
    ok(d.alias(0, 'submit_answer', { round: 1, answer: true }));
    expect(d.view(0).answered).toBe(true);
  });

  it('ends after the last round with rounds_played, stats and team_name', () => {
    const d = new GameDriver(chsh, { metadata: { rounds: 8, combo_repeats: 2, team_name: 'Bell' } });
    playOut(d, () => true, () => true);
    expect(d.result()).toEqual({
      rounds_played: 8, rounds: 8, team_name: 'Bell',
      stats: { counts: { AX: 2, AY: 2, BX: 2, BY: 2 }, E: { AX: 1, AY: 1, BX: 1, BY: 1 }, S: 2, win_rate: 0.75 },
    });
    expect(d.view(0)).toMatchObject({ round: 8, my_question: null, answered: false, partner_answered: false });
    expect(d.view(0).history).toHaveLength(8);
    expect(chsh.turn(d.state)).toEqual([]);
    expect(d.act(0, 'answer', { round: 8, answer: true })).toMatchObject({ code: 'GAME_OVER' });
    expect(chshSummary(d.state)).toEqual({ team_name: 'Bell', rounds_played: 8, stats: (d.result() as { stats: unknown }).stats });
  });

  it('computes the stats of a played game by hand: a = true, b = (y = X)', () => {
    const d = new GameDriver(chsh, { metadata: { rounds: 8, combo_repeats: 2 } });
    playOut(d, () => true, (q) => q === 'X');
    // AX: same (won), AY: differ (lost), BX: same (won), BY: differ (won) — twice each.
    expect(d.result()).toEqual({
      rounds_played: 8, rounds: 8,
      stats: { counts: { AX: 2, AY: 2, BX: 2, BY: 2 }, E: { AX: 1, AY: -1, BX: 1, BY: -1 }, S: 2, win_rate: 0.75 },
    });
    expect(d.state.history.filter((r) => !r.won).map((r) => r.questions)).toEqual([
      { '0': 'A', '1': 'Y' }, { '0': 'A', '1': 'Y' },
    ]);
  });

  it('on a timeout ends the game and names who had not answered', () => {
    const d = new GameDriver(chsh, { metadata: { rounds: 5 } });
    ok(d.act(0, 'answer', { round: 1, answer: true }));
    ok(d.act(1, 'answer', { round: 1, answer: true }));
    ok(d.act(0, 'answer', { round: 2, answer: true }));
    ok(d.timeout(1));
    expect(d.result()).toEqual({ rounds_played: 1, rounds: 5, stats: chshStats(d.state.history), timed_out: ['user_1'] });
    expect(d.view(0).my_question).toBeNull();
    const both = new GameDriver(chsh);
    ok(both.timeout(0));
    expect(both.result()).toMatchObject({ rounds_played: 0, timed_out: ['user_0', 'user_1'] });
  });

  it('names a player who leaves after answering, not the partner (the engine forfeits through onTimeout)', () => {
    const d = new GameDriver(chsh);
    ok(d.act(0, 'answer', { round: 1, answer: true }));
    const left = chsh.onTimeout?.(d.state, 0, { players: [], random: () => 0, now: 0, metadata: {} });
    expect(chsh.result(left!.state)).toMatchObject({ rounds_played: 0, timed_out: ['user_0'] });
  });

  it('never lets a player see the partner question before both answered, and replays exactly', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.tuple(fc.nat(1), fc.boolean(), fc.nat(9)), { maxLength: 60, size: 'max' }),
        (seed, rounds, combo_repeats, moves) => {
          const d = new GameDriver(chsh, { seed, metadata: { rounds, combo_repeats } });
          for (const [seat, answer, mischief] of moves) {
            const r = d.state.round + (mischief === 0 ? 1 : 0);
            d.act(seat, 'answer', { round: r, answer });
            expect(d.state.history.length).toBeLessThanOrEqual(rounds);
            const s = d.state;
            for (const viewer of [0, 1]) {
              // Flip every question of the partner from the current round on: the view must not change.
              const other = 1 - viewer;
              const flipped: ChshState = {
                ...s,
                schedule: s.schedule.map((p, i) => {
                  if (i < s.round - 1 || s.over) return p;
                  const q = p.split('');
                  q[other] = other === 0 ? (q[0] === 'A' ? 'B' : 'A') : q[1] === 'X' ? 'Y' : 'X';
                  return q.join('') as ChshPair;
                }),
              };
              const viewerRef = { user_id: d.user(viewer), seat: viewer };
              expect(chsh.view(flipped, viewerRef)).toEqual(chsh.view(s, viewerRef));
              expect(chsh.view(flipped, { user_id: 'spec', seat: null })).toEqual(chsh.view(s, { user_id: 'spec', seat: null }));
            }
            expect(chsh.turn(s)).toEqual(s.over ? [] : [0, 1].filter((i) => s.answers[i] === null));
          }
          expect(d.replay()).toEqual(d.state);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('records the time-independent state: the same seed and steps give the same game', () => {
    const a = new GameDriver(chsh, { seed: 'same', startedAt: START });
    const b = new GameDriver(chsh, { seed: 'same', startedAt: START + 99_999 });
    expect(a.state).toEqual(b.state);
  });
});
