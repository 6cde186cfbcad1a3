import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxScore, diceBaseball, lineScore, type BaseballState } from '../../src/games/dice-baseball/index.js';
import { POSITIONS, TEAMS } from '../../src/games/dice-baseball/schemas.js';
import { battingTeam, currentBatter } from '../../src/games/dice-baseball/state.js';
import { GameDriver } from './play.js';
import { Picker, baseballMoves, playMove } from './random-moves.js';

function checkInvariants(s: BaseballState, previous: BaseballState): void {
  // Outs 0–3, and 3 only once the game is over.
  expect(s.outs).toBeGreaterThanOrEqual(0);
  expect(s.outs).toBeLessThanOrEqual(s.end ? 3 : 2);
  // Runs only increase, and agree with the plays and the line score.
  for (const team of TEAMS) {
    expect(s.score[team]).toBeGreaterThanOrEqual(previous.score[team]);
    expect(s.score[team]).toBe(s.plays.filter((p) => p.batting_team === team).reduce((n, p) => n + p.runs_scored, 0));
    expect(lineScore(s)[team].runs).toBe(s.score[team]);
  }
  // Bases: three, no runner on two bases, every runner an active player of the batting team, not the batter.
  expect(s.bases).toHaveLength(3);
  const runners = s.bases.filter((r): r is number => r !== null);
  expect(new Set(runners).size).toBe(runners.length);
  const batting = s.teams[battingTeam(s)];
  for (const r of runners) expect(batting.lineup.find((e) => e.lineup_id === r)?.is_active).toBe(true);
  if (!s.end) expect(runners).not.toContain(currentBatter(s).lineup_id);
  // Lineups: nine active players covering every position and batting order slot once.
  for (const team of TEAMS) {
    const t = s.teams[team];
    const active = t.lineup.filter((e) => e.is_active);
    expect(active.map((e) => e.position).sort()).toEqual([...POSITIONS].sort());
    expect(active.map((e) => e.batting_order).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const cards = t.lineup.map((e) => e.card_id);
    expect(new Set(cards).size).toBe(cards.length);
    for (const c of cards) expect(t.roster).toContain(c);
    expect(t.batting_index).toBeGreaterThanOrEqual(0);
    expect(t.batting_index).toBeLessThan(9);
  }
  // Plays are appended one at a time, numbered 1…n; a play recording the third out scores nobody.
  expect(s.plays.length - previous.plays.length).toBeLessThanOrEqual(1);
  const last = s.plays[s.plays.length - 1];
  if (last && s.plays.length > previous.plays.length) {
    expect(last.play_number).toBe(s.plays.length);
    if (last.outs_before + last.outs_recorded >= 3) expect(last.runs_scored).toBe(0);
  }
  // Innings never go back; turn is the batting seat while the game runs.
  expect(s.inning).toBeGreaterThanOrEqual(previous.inning);
  expect(diceBaseball.turn(s)).toEqual(s.end ? [] : [batting.seat]);
}

function checkEnd(s: BaseballState): void {
  const result = diceBaseball.result(s) as { winner: string | null; innings: number } | undefined;
  if (!s.end) {
    expect(result).toBeUndefined();
    return;
  }
  expect(result?.innings).toBe(s.inning);
  if (s.end.reason === 'forfeit') return;
  // A game over by the rules has a winner and went at least the regulation length.
  expect(s.score.away).not.toBe(s.score.home);
  expect(s.inning).toBeGreaterThanOrEqual(s.innings);
  const winner = s.score.away > s.score.home ? s.teams.away.user_id : s.teams.home.user_id;
  expect(result?.winner).toBe(winner);
  if (s.half === 'top') {
    expect(s.score.home).toBeGreaterThan(s.score.away); // home did not need to bat
    expect(s.outs).toBe(3);
  } else if (s.outs < 3) {
    expect(s.score.home).toBeGreaterThan(s.score.away); // walk-off
    const last = s.plays[s.plays.length - 1];
    expect(s.score.home - last.runs_scored).toBeLessThanOrEqual(s.score.away); // it was the deciding play
  }
}

describe('dice_baseball under random play', () => {
  it('keeps outs, runs, bases and lineups consistent, ends by the rules, and replays exactly', () => {
    const moves = baseballMoves({ timeouts: false });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { minLength: 200, maxLength: 2000, size: 'max' }),
        (seed, innings, picks) => {
          const d = new GameDriver(diceBaseball, { seed, metadata: { innings } });
          const pick = new Picker(picks);
          while (!pick.done && diceBaseball.result(d.state) === undefined) {
            const previous = d.state;
            playMove(d, moves(d.state, pick));
            checkInvariants(d.state, previous);
          }
          checkEnd(d.state);
          const box = boxScore(d.state);
          for (const team of TEAMS) {
            const lines = box.batting.filter((l) => l.team === team);
            expect(lines.reduce((n, l) => n + l.r, 0)).toBe(d.state.score[team]);
            const against = box.pitching.filter((l) => l.team !== team);
            expect(against.reduce((n, l) => n + l.r, 0)).toBe(d.state.score[team]);
            expect(lines.reduce((n, l) => n + l.pa, 0)).toBe(d.state.plays.filter((p) => p.batting_team === team).length);
          }
          expect(d.replay()).toEqual(d.state);
        },
      ),
      { numRuns: 40, endOnFailure: true }, // shrinking thousands of picks takes minutes: report the first failure
    );
  });
});
