import { describe, expect, it } from 'vitest';
import { diceBaseball } from '../../src/games/dice-baseball/index.js';
import { DICE_BASEBALL_METADATA, NEEDS_HIT_LOCATION, OUTCOMES, POSITIONS } from '../../src/games/dice-baseball/schemas.js';
import { createRandom, randomInt } from '../../src/games/random.js';
import { ok } from './play.js';
import { battingSeat, fieldingSeat, half, newGame, pa, roll, sideRetired } from './dice-baseball-helpers.js';

describe('dice_baseball setup', () => {
  it('generates two rosters of 13 distinct card ids, 9 starters at P C 1B 2B 3B SS LF CF RF', () => {
    const d = newGame();
    const { away, home } = d.state.teams;
    const cards = [...away.roster, ...home.roster];
    expect(away.roster).toHaveLength(13);
    expect(home.roster).toHaveLength(13);
    expect(new Set(cards).size).toBe(26);
    for (const team of [away, home]) {
      expect(team.lineup.map((e) => e.position).sort()).toEqual([...POSITIONS].sort());
      expect(team.lineup.map((e) => e.batting_order).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(team.lineup.every((e) => e.is_active && e.is_starter && team.roster.includes(e.card_id))).toBe(true);
    }
    expect(new Set([...away.lineup, ...home.lineup].map((e) => e.lineup_id)).size).toBe(18);
    expect(away.user_id).toBe('user_0');
    expect(home.user_id).toBe('user_1');
  });

  it('is deterministic from the seed', () => {
    expect(newGame({ seed: 'a' }).state).toEqual(newGame({ seed: 'a' }).state);
    expect(newGame({ seed: 'a' }).state.teams.away.roster).not.toEqual(newGame({ seed: 'b' }).state.teams.away.roster);
  });

  it('starts in the top of the 1st with away (seat 0) batting, 9 innings by default', () => {
    const d = newGame();
    expect(d.state).toMatchObject({ innings: 9, inning: 1, half: 'top', outs: 0, score: { away: 0, home: 0 } });
    expect(diceBaseball.turn(d.state)).toEqual([0]);
    expect(newGame({ metadata: { innings: 3 } }).state.innings).toBe(3);
  });

  it('bounds the innings metadata to 1–9', () => {
    const schema = DICE_BASEBALL_METADATA.innings;
    expect(schema.parse(undefined)).toBe(9);
    for (const bad of [0, 10, 2.5, '9']) expect(schema.safeParse(bad).success).toBe(false);
  });

  it('offers every action as a top-level alias event with its fields', () => {
    expect(diceBaseball.aliases).toEqual({
      submit_defensive_decision: { action: 'submit_defensive_decision', payloadKeys: ['alignment', 'infield_depth', 'outfield_depth', 'hold_runners'] },
      submit_offensive_decision: { action: 'submit_offensive_decision', payloadKeys: ['approach', 'steal_attempts', 'bunt_attempt'] },
      roll_dice: { action: 'roll_dice', payloadKeys: [] },
      submit_manual_outcome: { action: 'submit_manual_outcome', payloadKeys: ['roll_id', 'outcome', 'hit_location'] },
      request_pinch_hitter: { action: 'request_pinch_hitter', payloadKeys: ['lineup_id', 'card_id'] },
      request_defensive_replacement: { action: 'request_defensive_replacement', payloadKeys: ['lineup_id', 'card_id', 'position'] },
      request_pitching_change: { action: 'request_pitching_change', payloadKeys: ['lineup_id', 'card_id'] },
    });
    for (const a of Object.values(diceBaseball.aliases ?? {})) expect(diceBaseball.actions[a.action]).toBeDefined();
  });
});

describe('dice', () => {
  it('roll_dice broadcasts dice_rolled with the four dice from the step’s PRNG', () => {
    const d = newGame({ seed: 'dice' });
    const reply = ok(d.alias(0, 'roll_dice', {}));
    const random = createRandom('dice', 1);
    const d6 = () => randomInt(random, 1, 6);
    const expected = {
      roll_id: 'roll_1', d6_one: d6(), d6_two_total: d6() + d6(),
      chaos_d20: randomInt(random, 1, 20), resolution_d20: randomInt(random, 1, 20),
    };
    expect(reply.result).toEqual(expected);
    expect(reply.emits).toEqual([{ event: 'dice_rolled', data: expected }]);
  });

  it('keeps every die in range', () => {
    const d = newGame({ seed: 'ranges' });
    for (let i = 0; i < 80 && d.result() === undefined; i++) {
      const r = ok(d.act(battingSeat(d), 'roll_dice')).result as Record<string, number>;
      expect(r.d6_one).toBeGreaterThanOrEqual(1);
      expect(r.d6_one).toBeLessThanOrEqual(6);
      expect(r.d6_two_total).toBeGreaterThanOrEqual(2);
      expect(r.d6_two_total).toBeLessThanOrEqual(12);
      for (const k of ['chaos_d20', 'resolution_d20']) {
        expect(r[k]).toBeGreaterThanOrEqual(1);
        expect(r[k]).toBeLessThanOrEqual(20);
      }
      ok(d.act(battingSeat(d), 'submit_manual_outcome', { roll_id: (r as unknown as { roll_id: string }).roll_id, outcome: 'single' }));
    }
  });

  it('only the batting team rolls (NOT_YOUR_TURN), and not twice for one plate appearance (ROLL_PENDING)', () => {
    const d = newGame();
    expect(d.act(1, 'roll_dice')).toMatchObject({ code: 'NOT_YOUR_TURN' });
    ok(d.act(0, 'roll_dice'));
    expect(d.act(0, 'roll_dice')).toMatchObject({ code: 'INVALID_MOVE', reason: 'ROLL_PENDING' });
    expect(d.act(0, 'roll_dice', { extra: 1 })).toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});

describe('submit_manual_outcome', () => {
  it('needs a pending roll (NO_PENDING_ROLL), usable once, with its own roll_id', () => {
    const d = newGame();
    expect(d.act(0, 'submit_manual_outcome', { roll_id: 'roll_1', outcome: 'single' }))
      .toMatchObject({ code: 'INVALID_MOVE', reason: 'NO_PENDING_ROLL' });
    const { roll_id } = roll(d);
    expect(d.act(0, 'submit_manual_outcome', { roll_id: 'roll_99', outcome: 'single' })).toMatchObject({ reason: 'NO_PENDING_ROLL' });
    ok(d.act(0, 'submit_manual_outcome', { roll_id, outcome: 'single' }));
    expect(d.act(0, 'submit_manual_outcome', { roll_id, outcome: 'single' })).toMatchObject({ reason: 'NO_PENDING_ROLL' });
  });

  it('is for the batting team only', () => {
    const d = newGame();
    const { roll_id } = roll(d);
    expect(d.act(1, 'submit_manual_outcome', { roll_id, outcome: 'single' })).toMatchObject({ code: 'NOT_YOUR_TURN' });
  });

  it.each(NEEDS_HIT_LOCATION)('%s needs hit_location (HIT_LOCATION_REQUIRED); null counts as absent', (outcome) => {
    const d = newGame();
    const { roll_id } = roll(d);
    expect(d.act(0, 'submit_manual_outcome', { roll_id, outcome })).toMatchObject({ reason: 'HIT_LOCATION_REQUIRED' });
    expect(d.act(0, 'submit_manual_outcome', { roll_id, outcome, hit_location: null })).toMatchObject({ reason: 'HIT_LOCATION_REQUIRED' });
    ok(d.act(0, 'submit_manual_outcome', { roll_id, outcome, hit_location: 'SS' }));
  });

  it('does not need hit_location for the other outcomes, but keeps one given', () => {
    for (const outcome of OUTCOMES.filter((o) => !NEEDS_HIT_LOCATION.includes(o))) {
      const d = newGame();
      expect(pa(d, outcome)).not.toHaveProperty('hit_location');
    }
    expect(pa(newGame(), 'double', 'LF')).toMatchObject({ hit_location: 'LF', description: 'Double to left field' });
  });

  it('validates outcome and hit_location values', () => {
    const d = newGame();
    const { roll_id } = roll(d);
    expect(d.act(0, 'submit_manual_outcome', { roll_id, outcome: 'bunt' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.outcome' });
    expect(d.act(0, 'submit_manual_outcome', { roll_id, outcome: 'lineout', hit_location: 'DH' }))
      .toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.hit_location' });
  });

  it('broadcasts play_resolved with the SPEC fields', () => {
    const d = newGame();
    pa(d, 'walk');
    const { roll_id } = roll(d);
    const reply = ok(d.act(0, 'submit_manual_outcome', { roll_id, outcome: 'homerun', hit_location: 'LF' }));
    const expected = {
      play_number: 2, outcome: 'homerun', hit_location: 'LF', description: 'Home run to left field, 2 runs score',
      outs_recorded: 0, runs_scored: 2, runners_advanced: [{ from: 1, to: 4 }, { from: 0, to: 4 }],
      is_hit: true, is_out: false, is_walk: false, roll_id,
    };
    expect(reply.result).toEqual(expected);
    expect(reply.emits).toEqual([{ event: 'play_resolved', data: expected }]);
    expect(d.state.score).toEqual({ away: 2, home: 0 });
    expect(pa(d, 'walk')).toMatchObject({ is_walk: true, is_hit: false, is_out: false });
    expect(pa(d, 'hbp')).toMatchObject({ is_walk: false, is_hit: false });
    expect(pa(d, 'groundball_a', '2B')).toMatchObject({ is_out: true, outs_recorded: 2, description: 'Groundball to second base, double play' });
  });

  it('moves through the batting order, and each team keeps its own place across innings', () => {
    const d = newGame();
    pa(d, 'single');
    pa(d, 'single');
    expect(d.state.teams.away.batting_index).toBe(2);
    sideRetired(d);
    expect(d.state.teams.away.batting_index).toBe(5);
    expect(d.view(0).batter.batting_order).toBe(1);
    sideRetired(d);
    expect(d.view(0).batter.batting_order).toBe(6);
    for (let i = 0; i < 4; i++) pa(d, 'walk');
    expect(d.state.teams.away.batting_index).toBe(0); // wrapped after the 9th
  });
});

describe('decisions', () => {
  it('only the fielding team submits the defensive decision, only the batting team the offensive one', () => {
    const d = newGame();
    expect(d.act(0, 'submit_defensive_decision', {})).toMatchObject({ code: 'NOT_YOUR_TURN' });
    expect(d.act(1, 'submit_offensive_decision', {})).toMatchObject({ code: 'NOT_YOUR_TURN' });
    ok(d.alias(1, 'submit_defensive_decision', { infield_depth: 'double_play', hold_runners: [3, 1, 3] }));
    ok(d.alias(0, 'submit_offensive_decision', { approach: 'power', steal_attempts: [2] }));
    expect(d.state.decisions).toEqual({
      defense: { alignment: 'normal', infield_depth: 'double_play', outfield_depth: 'normal', hold_runners: [1, 3] },
      offense: { approach: 'power', steal_attempts: [2], bunt_attempt: false },
    });
  });

  it('validates the decision values', () => {
    const d = newGame();
    expect(d.act(1, 'submit_defensive_decision', { alignment: 'extreme_shift' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.alignment' });
    expect(d.act(1, 'submit_defensive_decision', { infield_depth: 'back' })).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(d.act(1, 'submit_defensive_decision', { hold_runners: [4] })).toMatchObject({ field: 'payload.hold_runners.0' });
    expect(d.act(0, 'submit_offensive_decision', { steal_attempts: [1] })).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(d.act(0, 'submit_offensive_decision', { approach: 'patient' })).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(d.act(0, 'submit_offensive_decision', { hit_and_run: true })).toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('absent decisions mean the defaults when the roll is made; the roll fixes them', () => {
    const d = newGame();
    ok(d.act(0, 'submit_offensive_decision', { bunt_attempt: true }));
    roll(d);
    expect(d.state.pending_roll).toMatchObject({
      defense: { alignment: 'normal', infield_depth: 'normal', outfield_depth: 'normal', hold_runners: [] },
      offense: { approach: 'normal', steal_attempts: [], bunt_attempt: true },
    });
    expect(d.act(1, 'submit_defensive_decision', { outfield_depth: 'in' })).toMatchObject({ reason: 'ROLL_PENDING' });
    expect(d.act(0, 'submit_offensive_decision', {})).toMatchObject({ reason: 'ROLL_PENDING' });
  });

  it('are cleared after each plate appearance', () => {
    const d = newGame();
    ok(d.act(1, 'submit_defensive_decision', { outfield_depth: 'in' }));
    pa(d, 'strikeout');
    expect(d.state.decisions).toEqual({ defense: null, offense: null });
  });

  it('infield in turns a double-play groundball into a force at second', () => {
    const d = newGame();
    pa(d, 'single');
    ok(d.act(1, 'submit_defensive_decision', { infield_depth: 'in' }));
    expect(pa(d, 'groundball_a', 'SS')).toMatchObject({ outs_recorded: 1, runners_advanced: [{ from: 1, to: 2 }] });
    pa(d, 'single');
    expect(pa(d, 'groundball_a', 'SS')).toMatchObject({ outs_recorded: 2 });
    expect(d.state.half).toBe('bottom');
  });

  it('outfield in holds the runner on third on a flyball', () => {
    const d = newGame();
    pa(d, 'triple');
    ok(d.act(1, 'submit_defensive_decision', { outfield_depth: 'in' }));
    expect(pa(d, 'flyball_a', 'CF')).toMatchObject({ runs_scored: 0 });
    expect(pa(d, 'flyball_b', 'CF')).toMatchObject({ runs_scored: 1, description: 'Flyball to center field, sacrifice fly, 1 run scores' });
  });

  it('each team sees its own decision and only whether the other decided; spectators see neither', () => {
    const d = newGame();
    ok(d.act(1, 'submit_defensive_decision', { alignment: 'shifted_left' }));
    expect(d.view(1).decisions).toEqual({
      defense: { submitted: true, decision: { alignment: 'shifted_left', infield_depth: 'normal', outfield_depth: 'normal', hold_runners: [] } },
      offense: { submitted: false },
    });
    expect(d.view(0).decisions).toEqual({ defense: { submitted: true }, offense: { submitted: false } });
    expect(d.view(null).decisions).toEqual({ defense: { submitted: true }, offense: { submitted: false } });
    expect(JSON.stringify(d.view(0))).not.toContain('shifted_left');
    roll(d);
    expect(d.view(0).pending_roll.defense.alignment).toBe('shifted_left');
  });
});

describe('halves, innings and the end of the game', () => {
  it('three outs end the half: bases clear, outs reset, the other team bats', () => {
    const d = newGame();
    pa(d, 'walk');
    pa(d, 'walk');
    sideRetired(d);
    expect(d.state).toMatchObject({ inning: 1, half: 'bottom', outs: 0, bases: [null, null, null] });
    expect(diceBaseball.turn(d.state)).toEqual([1]);
    sideRetired(d);
    expect(d.state).toMatchObject({ inning: 2, half: 'top', outs: 0 });
  });

  it('ends after a complete last inning with a leader (away wins)', () => {
    const d = newGame({ metadata: { innings: 1 } });
    half(d, 1);
    expect(d.result()).toBeUndefined();
    half(d, 0);
    expect(d.result()).toEqual({ winner: 'user_0', score: { away: 1, home: 0 }, innings: 1 });
    expect(diceBaseball.turn(d.state)).toEqual([]);
    expect(d.view(0)).toMatchObject({ status: 'final', batter: null });
    expect(d.act(0, 'roll_dice')).toMatchObject({ code: 'GAME_OVER' });
  });

  it('ends after the top of the last inning when home leads (home does not bat)', () => {
    const d = newGame({ metadata: { innings: 2 } });
    half(d, 0);
    half(d, 1);
    half(d, 0);
    expect(d.result()).toEqual({ winner: 'user_1', score: { away: 0, home: 1 }, innings: 2 });
    expect(d.query('get_box_score').line_score).toMatchObject({ away: { innings: [0, 0] }, home: { innings: [1] } });
  });

  it('does not end early in a regulation inning before the last', () => {
    const d = newGame({ metadata: { innings: 2 } });
    half(d, 0);
    pa(d, 'homerun');
    expect(d.result()).toBeUndefined();
    sideRetired(d);
    expect(d.state).toMatchObject({ inning: 2, half: 'top' });
  });

  it('lets home bat in the last inning when away leads, and ends at once on a walk-off', () => {
    const d = newGame({ metadata: { innings: 1 } });
    half(d, 1);
    pa(d, 'walk');
    expect(pa(d, 'homerun', undefined)).toMatchObject({ runs_scored: 2 });
    expect(d.result()).toEqual({ winner: 'user_1', score: { away: 1, home: 2 }, innings: 1 });
    expect(d.state.outs).toBe(0);
  });

  it('a tie after the last regulation inning goes to extra innings, which end like the last one', () => {
    const d = newGame({ metadata: { innings: 1 } });
    half(d, 1);
    half(d, 1);
    expect(d.result()).toBeUndefined();
    expect(d.state).toMatchObject({ inning: 2, half: 'top' });
    half(d, 2);
    half(d, 1);
    expect(d.result()).toEqual({ winner: 'user_0', score: { away: 3, home: 2 }, innings: 2 });
  });

  it('a walk-off can come in extra innings, even from a bases-loaded walk', () => {
    const d = newGame({ metadata: { innings: 1 } });
    half(d, 0);
    half(d, 0);
    half(d, 0);
    for (let i = 0; i < 3; i++) pa(d, 'walk');
    expect(d.result()).toBeUndefined();
    expect(pa(d, 'walk')).toMatchObject({ runs_scored: 1 });
    expect(d.result()).toEqual({ winner: 'user_1', score: { away: 0, home: 1 }, innings: 2 });
  });

  it('plays a full nine innings by default', () => {
    const d = newGame();
    for (let i = 0; i < 17; i++) half(d, 0);
    expect(d.state).toMatchObject({ inning: 9, half: 'bottom' });
    pa(d, 'homerun');
    expect(d.result()).toEqual({ winner: 'user_1', score: { away: 0, home: 1 }, innings: 9 });
  });

  it('a team whose turn timer runs out forfeits, whatever the score', () => {
    const d = newGame();
    pa(d, 'homerun');
    expect(d.timeout(1)).toMatchObject({ code: 'NOT_IN_TURN' });
    ok(d.timeout(0));
    expect(d.result()).toEqual({ winner: 'user_1', score: { away: 1, home: 0 }, innings: 1, forfeited_by: 'user_0' });
    const late = newGame();
    sideRetired(late);
    roll(late);
    ok(late.timeout(1));
    expect(late.result()).toMatchObject({ winner: 'user_0', forfeited_by: 'user_1' });
  });

  it('the turn is the batting team’s seat while the game runs', () => {
    const d = newGame();
    expect(diceBaseball.turn(d.state)).toEqual([battingSeat(d)]);
    expect(fieldingSeat(d)).toBe(1);
    roll(d);
    expect(diceBaseball.turn(d.state)).toEqual([0]);
  });
});

describe('view', () => {
  it('shows the field: bases with runners, batter, pitcher, lineups, score, line score', () => {
    const d = newGame();
    const leadoff = d.view(0).batter;
    pa(d, 'double');
    const v = d.view(null);
    expect(v).toMatchObject({
      status: 'active', innings: 9, inning: 1, half: 'top', outs: 0, score: { away: 0, home: 0 },
      batting_team: 'away', fielding_team: 'home', my_team: null, play_count: 1,
      bases: { first: null, second: leadoff, third: null },
      last_play: { play_number: 1, outcome: 'double' },
      line_score: { away: { innings: [0], runs: 0, hits: 1 }, home: { innings: [], runs: 0, hits: 0 } },
    });
    expect(v.batter.batting_order).toBe(2);
    expect(v.pitcher.position).toBe('P');
    expect(d.view(0).my_team).toBe('away');
    expect(d.view(1).my_team).toBe('home');
    expect(v.teams.away.lineup).toHaveLength(9);
    expect(v.teams.home.bench).toHaveLength(4);
  });
});
