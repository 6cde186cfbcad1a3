/**
 * `dice_baseball` through real sockets (SPEC §8): decisions and what each side sees of
 * them, roll_dice → dice_rolled, submit_manual_outcome → play_resolved, the module's
 * refusals, a substitution, get_lineup, get_box_score, and a one-inning game to its end.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import type { TestClient } from '../support/client.js';
import { httpEvents, startRoom } from '../support/games.js';

const fx = useServer();

const DIE = (max: number) => expect.toSatisfy((n: number) => Number.isInteger(n) && n >= 1 && n <= max);

/** Rolls for `batter`'s team and submits `outcome`; returns the play_resolved the batter got. */
async function plateAppearance(room_id: string, batter: TestClient, outcome: string, hit_location?: string) {
  const { result: roll } = await batter.ok('roll_dice', { room_id });
  const { result } = await batter.ok('submit_manual_outcome', { room_id, roll_id: roll.roll_id, outcome, ...(hit_location ? { hit_location } : {}) });
  const pushed = await batter.waitFor('play_resolved', (p) => p.room_id === room_id && p.roll_id === roll.roll_id);
  expect(pushed).toEqual({ room_id, ...result });
  return pushed;
}

describe('dice_baseball', () => {
  it('plays a one-inning game to a walk-off through decisions, dice, outcomes, a substitution and the queries', async () => {
    const [away, home, fan] = [await fx.guest('Away'), await fx.guest('Home'), await fx.guest('Fan')];
    const { room_id, started } = await startRoom(away, home, 'dice_baseball', { metadata: { innings: 1 } });
    await fan.ok('join_room', { room_id, as: 'spectator' });
    expect(started.state).toMatchObject({
      status: 'active', innings: 1, inning: 1, half: 'top', outs: 0, score: { away: 0, home: 0 },
      batting_team: 'away', fielding_team: 'home', my_team: 'away', pending_roll: null, last_play: null,
    });
    expect((await home.ok('get_game_state', { room_id })).state.my_team).toBe('home');
    expect((await fan.ok('get_game_state', { room_id })).state.my_team).toBeNull();

    // only the fielding side decides the defence, only the batting side rolls
    expect((await away.err('submit_defensive_decision', { room_id, infield_depth: 'in' })).code).toBe('NOT_YOUR_TURN');
    expect((await home.err('submit_offensive_decision', { room_id, approach: 'power' })).code).toBe('NOT_YOUR_TURN');
    expect((await home.err('roll_dice', { room_id })).code).toBe('NOT_YOUR_TURN');
    expect((await fan.err('roll_dice', { room_id })).code).toBe('FORBIDDEN');
    expect(await home.err('submit_defensive_decision', { room_id, infield_depth: 'deep' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'infield_depth' });
    // a pitcher who has not faced a batter stays in
    const homeLineup = await home.ok('get_lineup', { room_id, team: 'home' });
    const homePitcher = homeLineup.players.find((p: any) => p.position === 'P');
    expect(await home.err('request_pitching_change', { room_id, lineup_id: homePitcher.lineup_id, card_id: homeLineup.bench[0].card_id })).toMatchObject({ code: 'INVALID_MOVE', reason: 'PITCHER_MUST_FACE_BATTER' });

    // decisions are private to their team until the roll reveals both
    const defence = { alignment: 'normal', infield_depth: 'double_play', outfield_depth: 'normal', hold_runners: [1] };
    const d = await home.ok('submit_defensive_decision', { room_id, ...defence });
    const awaySees = await away.waitFor('game_state', (g) => g.room_id === room_id && g.version === d.version);
    expect(awaySees.state.decisions.defense).toEqual({ submitted: true });
    expect((await fan.waitFor('game_state', (g) => g.room_id === room_id && g.version === d.version)).state.decisions.defense).toEqual({ submitted: true });
    expect((await home.waitFor('game_state', (g) => g.room_id === room_id && g.version === d.version)).state.decisions.defense).toEqual({ submitted: true, decision: defence });
    expect(JSON.stringify(awaySees)).not.toContain('double_play');
    expect(JSON.stringify((await httpEvents(fx.server, away, room_id)).body)).not.toContain('double_play');
    expect(JSON.stringify(await away.ok('sync', { room_id, since_version: 0 }))).not.toContain('double_play');

    // a pinch hitter for the batter now up
    const lineup = await away.ok('get_lineup', { room_id, team: 'away' });
    expect(lineup.team).toBe('away');
    expect(lineup.players).toHaveLength(9);
    expect(lineup.bench).toHaveLength(4);
    expect(lineup.players.map((p: any) => p.batting_order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(lineup.players.map((p: any) => p.position))).toEqual(new Set(['P', 'C', '1B', '2B', '3B', 'SS', 'LF', 'CF', 'RF']));
    const leadoff = lineup.players[0];
    const notUp = lineup.players[1];
    const sub = lineup.bench[0].card_id;
    expect(await away.err('request_pinch_hitter', { room_id, lineup_id: notUp.lineup_id, card_id: sub })).toMatchObject({ code: 'INVALID_MOVE', reason: 'NOT_CURRENT_BATTER' });
    expect(await away.err('request_pinch_hitter', { room_id, lineup_id: leadoff.lineup_id, card_id: 1 })).toMatchObject({ code: 'INVALID_MOVE', reason: 'NOT_IN_ROSTER' });
    expect(await away.err('request_pinch_hitter', { room_id, lineup_id: leadoff.lineup_id, card_id: notUp.card_id })).toMatchObject({ code: 'INVALID_MOVE', reason: 'ALREADY_ACTIVE' });
    const ph = await away.ok('request_pinch_hitter', { room_id, lineup_id: leadoff.lineup_id, card_id: sub });
    for (const c of [away, home, fan]) {
      const event = await c.waitFor('player_substituted', (e) => e.room_id === room_id);
      expect(event).toMatchObject({ room_id, type: 'pinch_hitter', lineup_id: leadoff.lineup_id, card_id: sub, new_lineup_id: ph.result.new_lineup_id, position: leadoff.position, batting_order: 1 });
    }
    const after = await home.ok('get_lineup', { room_id, team: 'away' });
    expect(after.players.filter((p: any) => p.batting_order === 1)).toEqual([
      { lineup_id: leadoff.lineup_id, card_id: leadoff.card_id, position: leadoff.position, batting_order: 1, is_active: false, is_starter: true },
      { lineup_id: ph.result.new_lineup_id, card_id: sub, position: leadoff.position, batting_order: 1, is_active: true, is_starter: false },
    ]);
    expect(after.bench).toEqual(lineup.bench.slice(1));
    expect(await away.err('request_pinch_hitter', { room_id, lineup_id: ph.result.new_lineup_id, card_id: leadoff.card_id })).toMatchObject({ code: 'INVALID_MOVE', reason: 'PLAYER_ALREADY_OUT' });

    // a roll, refusals around it, and the play it resolves
    expect(await away.err('submit_manual_outcome', { room_id, roll_id: 'roll_1', outcome: 'strikeout' })).toMatchObject({ code: 'INVALID_MOVE', reason: 'NO_PENDING_ROLL' });
    const rolled = await away.ok('roll_dice', { room_id });
    const dice = { roll_id: rolled.result.roll_id, d6_one: DIE(6), d6_two_total: expect.toSatisfy((n: number) => n >= 2 && n <= 12), chaos_d20: DIE(20), resolution_d20: DIE(20) };
    for (const c of [away, home, fan]) expect(await c.waitFor('dice_rolled', (e) => e.room_id === room_id)).toEqual({ room_id, ...dice });
    expect(await away.err('roll_dice', { room_id })).toMatchObject({ code: 'INVALID_MOVE', reason: 'ROLL_PENDING' });
    expect((await home.err('submit_manual_outcome', { room_id, roll_id: rolled.result.roll_id, outcome: 'strikeout' })).code).toBe('NOT_YOUR_TURN');
    expect(await away.err('submit_manual_outcome', { room_id, roll_id: rolled.result.roll_id, outcome: 'groundball_a' })).toMatchObject({ code: 'INVALID_MOVE', reason: 'HIT_LOCATION_REQUIRED' });
    expect(await away.err('submit_manual_outcome', { room_id, roll_id: rolled.result.roll_id, outcome: 'lineout' })).toMatchObject({ code: 'INVALID_MOVE', reason: 'HIT_LOCATION_REQUIRED' });
    expect(await away.err('submit_manual_outcome', { room_id, roll_id: rolled.result.roll_id, outcome: 'bunt' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'outcome' });
    const single = await away.ok('submit_manual_outcome', { room_id, roll_id: rolled.result.roll_id, outcome: 'single' });
    const firstPlay = {
      play_number: 1, outcome: 'single', description: expect.any(String), outs_recorded: 0, runs_scored: 0,
      runners_advanced: [{ from: 0, to: 1 }], is_hit: true, is_out: false, is_walk: false, roll_id: rolled.result.roll_id,
    };
    expect(single.result).toEqual(firstPlay);
    for (const c of [away, home, fan]) expect(await c.waitFor('play_resolved', (e) => e.room_id === room_id)).toEqual({ room_id, ...firstPlay });
    expect(await away.err('submit_manual_outcome', { room_id, roll_id: rolled.result.roll_id, outcome: 'single' })).toMatchObject({ code: 'INVALID_MOVE', reason: 'NO_PENDING_ROLL' });
    const view = (await fan.ok('get_game_state', { room_id })).state;
    expect(view).toMatchObject({ outs: 0, bases: { first: { lineup_id: ph.result.new_lineup_id }, second: null, third: null }, pending_roll: null, last_play: firstPlay });

    // a strikeout, then a double play (infield at double_play depth) ends the top half
    expect(await plateAppearance(room_id, away, 'strikeout')).toMatchObject({ play_number: 2, outs_recorded: 1, is_out: true, runners_advanced: [] });
    await home.ok('submit_defensive_decision', { room_id, infield_depth: 'double_play' });
    const dp = await plateAppearance(room_id, away, 'groundball_a', 'SS');
    expect(dp).toMatchObject({ play_number: 3, outcome: 'groundball_a', hit_location: 'SS', outs_recorded: 2, runs_scored: 0, is_out: true, is_hit: false });
    const bottom = (await away.ok('get_game_state', { room_id })).state;
    expect(bottom).toMatchObject({ inning: 1, half: 'bottom', outs: 0, batting_team: 'home', fielding_team: 'away', bases: { first: null, second: null, third: null } });

    // the sides have switched: now away may not roll
    expect((await away.err('roll_dice', { room_id })).code).toBe('NOT_YOUR_TURN');
    await plateAppearance(room_id, home, 'walk');
    const hr = await plateAppearance(room_id, home, 'homerun');
    expect(hr).toMatchObject({ runs_scored: 2, runners_advanced: [{ from: 1, to: 4 }, { from: 0, to: 4 }], is_hit: true });

    // the walk-off ends the game at once
    for (const c of [away, home, fan]) {
      const over = await c.waitFor('game_over', (e) => e.room_id === room_id);
      expect(over).toEqual({ room_id, result: { winner: home.id, score: { away: 0, home: 2 }, innings: 1 } });
    }
    expect((await home.ok('get_game_state', { room_id })).state).toMatchObject({ status: 'final', score: { away: 0, home: 2 }, batter: null });
    expect((await home.err('roll_dice', { room_id })).code).toBe('GAME_OVER');
    expect((await fan.ok('get_room', { room_id })).room.status).toBe('finished');

    const box = await fan.ok('get_box_score', { room_id });
    expect(box.line_score).toEqual({ away: { innings: [0], runs: 0, hits: 1 }, home: { innings: [2], runs: 2, hits: 1 } });
    const line = (id: number) => box.batting.find((b: any) => b.lineup_id === id);
    expect(line(ph.result.new_lineup_id)).toMatchObject({ team: 'away', pa: 1, ab: 1, h: 1 });
    expect(line(leadoff.lineup_id)).toMatchObject({ pa: 0, is_active: false });
    const homeHitter = box.batting.find((b: any) => b.team === 'home' && b.hr === 1);
    expect(homeHitter).toMatchObject({ pa: 1, ab: 1, h: 1, r: 1, rbi: 2 });
    expect(box.batting.find((b: any) => b.team === 'home' && b.bb === 1)).toMatchObject({ pa: 1, ab: 0, r: 1 });
    expect(box.pitching.find((p: any) => p.lineup_id === homePitcher.lineup_id)).toMatchObject({ team: 'home', bf: 3, outs: 3, ip: '1.0', so: 1, h: 1 });
    expect(box.pitching.find((p: any) => p.team === 'away')).toMatchObject({ bf: 2, r: 2, hr: 1, bb: 1, outs: 0, ip: '0.0' });
    expect((await fan.err('get_lineup', { room_id, team: 'visitors' })).code).toBe('VALIDATION_ERROR');
  });

  it('applies the timeout rule: the batting team that lets the turn timer run out forfeits', async () => {
    const [away, home] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(away, home, 'dice_baseball', { turn_time_limit_s: 1, metadata: { innings: 1 } });
    expect(await home.waitFor('turn_timeout', (e) => e.room_id === room_id, 4000)).toEqual({ room_id, user_id: away.id });
    const over = await away.waitFor('game_over', (e) => e.room_id === room_id, 3000);
    expect(over.result).toEqual({ winner: home.id, score: { away: 0, home: 0 }, innings: 1, forfeited_by: away.id });
    expect((await away.ok('get_game_state', { room_id })).state.status).toBe('final');
  });

  it('answers sync with the full state when the client is too far behind for the log to replay', async () => {
    const [away, home] = [await fx.guest(), await fx.guest()];
    const { room_id } = await startRoom(away, home, 'dice_baseball', { metadata: { innings: 1 } });
    // decisions may be remade until the roll: 501 accepted steps without leaving the first batter
    for (let i = 0; i < 501; i++) await home.ok('submit_defensive_decision', { room_id, outfield_depth: i % 2 ? 'in' : 'back' });
    const behind = await away.ok('sync', { room_id, since_version: 0 });
    expect(behind.full).toBe(true);
    expect(behind.version).toBe(501);
    expect(behind.state).toMatchObject({ inning: 1, half: 'top', my_team: 'away', decisions: { defense: { submitted: true } } });
    expect(behind.state.decisions.defense.decision).toBeUndefined();
    const near = await away.ok('sync', { room_id, since_version: 499 });
    expect(near).toEqual({ version: 501, events: [{ version: 500, user_id: home.id, action: 'submit_defensive_decision' }, { version: 501, user_id: home.id, action: 'submit_defensive_decision' }] });
  }, 60_000);
});
