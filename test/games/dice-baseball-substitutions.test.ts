import { describe, expect, it } from 'vitest';
import type { TeamState } from '../../src/games/dice-baseball/state.js';
import { ok } from './play.js';
import { newGame, pa, roll, sideRetired, type Baseball } from './dice-baseball-helpers.js';

// Starters: away lineup ids 1–9, home 10–18, by batting order:
// 1 CF, 2 SS, 3 1B, 4 3B, 5 LF, 6 RF, 7 2B, 8 C, 9 P (home: +9).
const AWAY_P = 9;
const HOME_LF = 14;
const HOME_CF = 10;
const HOME_P = 18;
const HOME_C = 17;

const bench = (t: TeamState) => t.roster.slice(9);
const card = (t: TeamState, lineupId: number) => t.lineup.find((e) => e.lineup_id === lineupId)?.card_id as number;
const away = (d: Baseball) => d.state.teams.away;
const home = (d: Baseball) => d.state.teams.home;

describe('pinch hitter', () => {
  it('replaces the current batter: same batting order and position, broadcast player_substituted', () => {
    const d = newGame();
    const sub = bench(away(d))[0];
    const reply = ok(d.alias(0, 'request_pinch_hitter', { lineup_id: 1, card_id: sub }));
    const expected = {
      type: 'pinch_hitter', team: 'away', lineup_id: 1, card_id: sub, new_lineup_id: 19, position: 'CF', batting_order: 1,
    };
    expect(reply.result).toEqual(expected);
    expect(reply.emits).toEqual([{ event: 'player_substituted', data: expected }]);
    expect(d.view(1).batter).toEqual({ lineup_id: 19, card_id: sub, position: 'CF', batting_order: 1 });
    const lineup = d.query('get_lineup', { team: 'away' });
    expect(lineup.players.filter((p: { batting_order: number }) => p.batting_order === 1)).toEqual([
      { lineup_id: 1, card_id: card(away(d), 1), position: 'CF', batting_order: 1, is_active: false, is_starter: true },
      { lineup_id: 19, card_id: sub, position: 'CF', batting_order: 1, is_active: true, is_starter: false },
    ]);
    expect(lineup.bench).toEqual(bench(away(d)).slice(1).map((card_id) => ({ card_id })));
    pa(d, 'single');
    expect(d.state.bases[0]).toBe(19);
  });

  it('is only for the batter now up (NOT_CURRENT_BATTER)', () => {
    const d = newGame();
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 2, card_id: bench(away(d))[0] }))
      .toMatchObject({ code: 'INVALID_MOVE', reason: 'NOT_CURRENT_BATTER' });
    // The fielding team has no batter up.
    expect(d.act(1, 'request_pinch_hitter', { lineup_id: 10, card_id: bench(home(d))[0] }))
      .toMatchObject({ reason: 'NOT_CURRENT_BATTER' });
  });

  it('can replace a pitcher who bats once he has pitched; the pinch hitter takes over P without having to face a batter', () => {
    const d = newGame();
    sideRetired(d); // away 1–3
    sideRetired(d); // away pitcher faces 3
    sideRetired(d); // away 4–6
    sideRetired(d);
    pa(d, 'strikeout');
    pa(d, 'strikeout');
    expect(d.view(0).batter.lineup_id).toBe(AWAY_P);
    const ph = bench(away(d))[0];
    ok(d.act(0, 'request_pinch_hitter', { lineup_id: AWAY_P, card_id: ph }));
    expect(d.view(0).batter).toMatchObject({ lineup_id: 19, position: 'P', batting_order: 9 });
    pa(d, 'strikeout');
    expect(d.view(0).pitcher.lineup_id).toBe(19);
    ok(d.act(0, 'request_pitching_change', { lineup_id: 19, card_id: bench(away(d))[1] }));
  });

  it('cannot take a pitcher off who has not faced a batter yet (PITCHER_MUST_FACE_BATTER)', () => {
    const d = newGame();
    for (let i = 0; i < 8; i++) pa(d, 'walk');
    expect(d.view(0).batter.lineup_id).toBe(AWAY_P);
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: AWAY_P, card_id: bench(away(d))[0] }))
      .toMatchObject({ reason: 'PITCHER_MUST_FACE_BATTER' });
  });
});

describe('pitching change', () => {
  it('needs the pitcher to have faced at least one batter (PITCHER_MUST_FACE_BATTER)', () => {
    const d = newGame();
    const reliever = bench(home(d))[0];
    expect(d.act(1, 'request_pitching_change', { lineup_id: HOME_P, card_id: reliever }))
      .toMatchObject({ code: 'INVALID_MOVE', reason: 'PITCHER_MUST_FACE_BATTER' });
    pa(d, 'single');
    const reply = ok(d.alias(1, 'request_pitching_change', { lineup_id: HOME_P, card_id: reliever }));
    expect(reply.emits).toEqual([{
      event: 'player_substituted',
      data: { type: 'pitching_change', team: 'home', lineup_id: HOME_P, card_id: reliever, new_lineup_id: 19, position: 'P', batting_order: 9 },
    }]);
    expect(d.view(0).pitcher).toEqual({ lineup_id: 19, card_id: reliever, position: 'P', batting_order: 9 });
    // The reliever must face a batter too.
    expect(d.act(1, 'request_pitching_change', { lineup_id: 19, card_id: bench(home(d))[1] }))
      .toMatchObject({ reason: 'PITCHER_MUST_FACE_BATTER' });
    pa(d, 'strikeout');
    ok(d.act(1, 'request_pitching_change', { lineup_id: 19, card_id: bench(home(d))[1] }));
  });

  it('must name the active pitcher (NOT_CURRENT_PITCHER)', () => {
    const d = newGame();
    pa(d, 'single');
    expect(d.act(1, 'request_pitching_change', { lineup_id: HOME_C, card_id: bench(home(d))[0] }))
      .toMatchObject({ reason: 'NOT_CURRENT_PITCHER' });
  });

  it('may be made by a team while it bats (its pitcher faced batters before)', () => {
    const d = newGame();
    sideRetired(d);
    sideRetired(d);
    ok(d.act(0, 'request_pitching_change', { lineup_id: AWAY_P, card_id: bench(away(d))[0] }));
  });
});

describe('defensive replacement', () => {
  it('replaces a fielder at his position, any time, keeping the batting order', () => {
    const d = newGame();
    const sub = bench(home(d))[0];
    const reply = ok(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_LF, card_id: sub, position: 'LF' }));
    expect(reply.result).toEqual({
      type: 'defensive_replacement', team: 'home', lineup_id: HOME_LF, card_id: sub, new_lineup_id: 19, position: 'LF', batting_order: 5,
    });
  });

  it('at another position swaps: the player there moves to the vacated position', () => {
    const d = newGame();
    const sub = bench(home(d))[0];
    const reply = ok(d.alias(1, 'request_defensive_replacement', { lineup_id: HOME_LF, card_id: sub, position: 'CF' }));
    expect(reply.result).toMatchObject({ position: 'CF', batting_order: 5, moved: { lineup_id: HOME_CF, position: 'LF' } });
    const active = home(d).lineup.filter((e) => e.is_active);
    expect(active.map((e) => e.position).sort()).toEqual(['1B', '2B', '3B', 'C', 'CF', 'LF', 'P', 'RF', 'SS']);
    expect(active.find((e) => e.lineup_id === HOME_CF)?.position).toBe('LF');
  });

  it('of the pitcher, or onto the mound, follows the pitcher rule', () => {
    const d = newGame();
    const sub = bench(home(d))[0];
    expect(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_P, card_id: sub, position: 'P' }))
      .toMatchObject({ reason: 'PITCHER_MUST_FACE_BATTER' });
    expect(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_C, card_id: sub, position: 'P' }))
      .toMatchObject({ reason: 'PITCHER_MUST_FACE_BATTER' });
    pa(d, 'strikeout');
    ok(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_C, card_id: sub, position: 'P' }));
    expect(d.view(0).pitcher).toMatchObject({ lineup_id: 19, batting_order: 8 });
    expect(home(d).lineup.find((e) => e.lineup_id === HOME_P)?.position).toBe('C');
  });

  it('of a runner on base puts the substitute on that base (pinch runner), who is credited with his run', () => {
    const d = newGame();
    pa(d, 'double');
    const runner = bench(away(d))[0];
    ok(d.act(0, 'request_defensive_replacement', { lineup_id: 1, card_id: runner, position: 'CF' }));
    expect(d.state.bases).toEqual([null, 19, null]);
    expect(d.view(1).bases.second).toMatchObject({ lineup_id: 19, card_id: runner });
    pa(d, 'single');
    const box = d.query('get_box_score');
    expect(box.batting.find((l: { lineup_id: number }) => l.lineup_id === 19)).toMatchObject({ r: 1, pa: 0 });
    expect(box.batting.find((l: { lineup_id: number }) => l.lineup_id === 1)).toMatchObject({ r: 0, h: 1 });
  });
});

describe('substitution refusals', () => {
  it('NOT_IN_LINEUP for a lineup id that is not the team’s own', () => {
    const d = newGame();
    expect(d.act(0, 'request_defensive_replacement', { lineup_id: HOME_LF, card_id: bench(away(d))[0], position: 'LF' }))
      .toMatchObject({ reason: 'NOT_IN_LINEUP' });
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 999, card_id: bench(away(d))[0] })).toMatchObject({ reason: 'NOT_IN_LINEUP' });
  });

  it('PLAYER_ALREADY_OUT for a replaced player, and for a removed player trying to return', () => {
    const d = newGame();
    const [first, second] = bench(away(d));
    const starter = card(away(d), 1);
    ok(d.act(0, 'request_pinch_hitter', { lineup_id: 1, card_id: first }));
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 1, card_id: second })).toMatchObject({ reason: 'PLAYER_ALREADY_OUT' });
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 19, card_id: starter })).toMatchObject({ reason: 'PLAYER_ALREADY_OUT' });
  });

  it('NOT_IN_ROSTER for a card that is not on the team’s roster', () => {
    const d = newGame();
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 1, card_id: bench(home(d))[0] })).toMatchObject({ reason: 'NOT_IN_ROSTER' });
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 1, card_id: 1 })).toMatchObject({ reason: 'NOT_IN_ROSTER' });
  });

  it('ALREADY_ACTIVE for a card in the game now', () => {
    const d = newGame();
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 1, card_id: card(away(d), 2) })).toMatchObject({ reason: 'ALREADY_ACTIVE' });
    const sub = bench(home(d))[0];
    ok(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_LF, card_id: sub, position: 'LF' }));
    expect(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_CF, card_id: sub, position: 'CF' }))
      .toMatchObject({ reason: 'ALREADY_ACTIVE' });
  });

  it('ROLL_PENDING between the roll and its outcome', () => {
    const d = newGame();
    roll(d);
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: 1, card_id: bench(away(d))[0] })).toMatchObject({ reason: 'ROLL_PENDING' });
    expect(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_LF, card_id: bench(home(d))[0], position: 'LF' }))
      .toMatchObject({ reason: 'ROLL_PENDING' });
  });

  it('validates ids and positions', () => {
    const d = newGame();
    expect(d.act(1, 'request_defensive_replacement', { lineup_id: HOME_LF, card_id: bench(home(d))[0], position: 'DH' }))
      .toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.position' });
    expect(d.act(0, 'request_pinch_hitter', { lineup_id: '1', card_id: 5 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.lineup_id' });
    expect(d.act(0, 'request_pitching_change', { lineup_id: 9 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.card_id' });
  });

  it('leave the state untouched', () => {
    const d = newGame();
    const before = d.state;
    d.act(0, 'request_pinch_hitter', { lineup_id: 2, card_id: bench(away(d))[0] });
    expect(d.state).toBe(before);
    expect(d.version).toBe(0);
  });

  it('a whole bench can be used, then nobody is left', () => {
    const d = newGame();
    pa(d, 'strikeout');
    const cards = bench(home(d));
    const ids = [HOME_CF, 11, 12, 13];
    cards.forEach((c, i) => ok(d.act(1, 'request_defensive_replacement', { lineup_id: ids[i], card_id: c, position: i === 0 ? 'CF' : i === 1 ? 'SS' : i === 2 ? '1B' : '3B' })));
    expect(d.query('get_lineup', { team: 'home' }).bench).toEqual([]);
    expect(d.query('get_lineup', { team: 'home' }).players).toHaveLength(13);
  });
});
