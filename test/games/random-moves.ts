/**
 * Random moves for each shipped module, for property tests: mostly legal, some deliberately
 * not (wrong seat, wrong round, taken cell, bad substitution) so refusals are exercised too.
 * Choices come from a `Picker` over numbers fast-check generates, so failures shrink.
 */
import type { GameModule, Seat } from '../../src/games/game-module.js';
import type { BaseballState } from '../../src/games/dice-baseball/index.js';
import { NEEDS_HIT_LOCATION, OUTCOMES, POSITIONS, type Outcome } from '../../src/games/dice-baseball/schemas.js';
import { battingTeam, fieldingTeam } from '../../src/games/dice-baseball/state.js';
import type { ChshState } from '../../src/games/chsh.js';
import type { ScoreChallengeState } from '../../src/games/score-challenge.js';
import type { TicTacToeState } from '../../src/games/tictactoe.js';
import type { GameDriver, Reply } from './play.js';

export class Picker {
  private i = 0;
  constructor(private readonly picks: readonly number[]) {}
  get done(): boolean {
    return this.i >= this.picks.length;
  }
  /** An integer in [0, n). The pick is scrambled: fast-check favours small numbers. */
  int(n: number): number {
    let x = Math.imul((this.picks[this.i++] ?? 0) ^ 0x9e3779b9, 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return ((x ^ (x >>> 16)) >>> 0) % n;
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(percent: number): boolean {
    return this.int(100) < percent;
  }
}

export type Move =
  | { kind: 'action'; seat: Seat; action: string; payload: Record<string, unknown> }
  | { kind: 'timeout'; seat: Seat }
  | { kind: 'deadline' };

export type MoveMaker<S> = (state: S, pick: Picker) => Move;

const tictactoeMove: MoveMaker<TicTacToeState> = (s, pick) => {
  if (pick.chance(2)) return { kind: 'timeout', seat: s.players[s.next].seat };
  const seat = pick.chance(10) ? 1 - s.next : s.next;
  const empty = s.board.flatMap((m, i) => (m === null ? [i] : []));
  const cell = pick.chance(10) ? pick.int(11) - 1 : pick.one(empty.length ? empty : [0]);
  return { kind: 'action', seat, action: 'mark', payload: { cell } };
};

const chshMove: MoveMaker<ChshState> = (s, pick) => {
  if (pick.chance(1)) return { kind: 'timeout', seat: pick.int(2) };
  const round = pick.chance(10) ? s.round + pick.int(3) - 1 : s.round;
  return { kind: 'action', seat: pick.int(2), action: 'answer', payload: { round, answer: pick.chance(50) } };
};

const scoreChallengeMove: MoveMaker<ScoreChallengeState> = (_s, pick) => {
  if (pick.chance(3)) return { kind: 'deadline' };
  return { kind: 'action', seat: pick.int(2), action: 'report_score', payload: { score: pick.int(10_000) } };
};

function substitution(s: BaseballState, pick: Picker): Move {
  const team = pick.chance(50) ? battingTeam(s) : fieldingTeam(s);
  const t = s.teams[team];
  const other = s.teams[team === 'away' ? 'home' : 'away'];
  const active = t.lineup.filter((e) => e.is_active);
  const bench = t.roster.filter((c) => !t.lineup.some((e) => e.card_id === c));
  const card_id = bench.length > 0 && pick.chance(80) ? pick.one(bench) : pick.one(pick.chance(80) ? t.roster : other.roster);
  const anyone = () => (pick.chance(90) ? pick.one(t.lineup) : pick.one(other.lineup)).lineup_id;
  const kind = pick.int(3);
  const seat = t.seat;
  if (kind === 0) {
    const up = t.lineup.find((e) => e.is_active && e.batting_order === t.batting_index + 1);
    const lineup_id = up && pick.chance(70) ? up.lineup_id : anyone();
    return { kind: 'action', seat, action: 'request_pinch_hitter', payload: { lineup_id, card_id } };
  }
  if (kind === 1) {
    const pitcher = active.find((e) => e.position === 'P');
    const lineup_id = pitcher && pick.chance(70) ? pitcher.lineup_id : anyone();
    return { kind: 'action', seat, action: 'request_pitching_change', payload: { lineup_id, card_id } };
  }
  const lineup_id = pick.chance(80) ? pick.one(active).lineup_id : anyone();
  return {
    kind: 'action', seat, action: 'request_defensive_replacement',
    payload: { lineup_id, card_id, position: pick.one(POSITIONS) },
  };
}

/** Moves for `dice_baseball`; `timeouts: false` leaves out forfeits (to watch whole games). */
export function baseballMoves({ timeouts }: { timeouts: boolean }): MoveMaker<BaseballState> {
  return (s, pick) => {
    const batting = s.teams[battingTeam(s)].seat;
    const fielding = s.teams[fieldingTeam(s)].seat;
    const r = pick.int(1000);
    if (r < 2 && timeouts) return { kind: 'timeout', seat: batting };
    if (r < 60) return substitution(s, pick);
    if (r < 100) {
      return {
        kind: 'action', seat: pick.chance(90) ? fielding : batting, action: 'submit_defensive_decision',
        payload: {
          infield_depth: pick.one(['in', 'normal', 'double_play']),
          outfield_depth: pick.one(['in', 'normal', 'back']),
          hold_runners: pick.chance(50) ? [pick.int(3) + 1] : [],
        },
      };
    }
    if (r < 130) {
      return {
        kind: 'action', seat: pick.chance(90) ? batting : fielding, action: 'submit_offensive_decision',
        payload: { approach: pick.one(['normal', 'contact', 'power']), bunt_attempt: pick.chance(20) },
      };
    }
    if (!s.pending_roll || r < 140) {
      return { kind: 'action', seat: pick.chance(97) ? batting : fielding, action: 'roll_dice', payload: {} };
    }
    const outcome: Outcome = pick.one(OUTCOMES);
    const needs = NEEDS_HIT_LOCATION.includes(outcome);
    const payload: Record<string, unknown> = {
      roll_id: pick.chance(97) ? s.pending_roll.roll_id : 'roll_0',
      outcome,
      ...((needs && pick.chance(95)) || pick.chance(30) ? { hit_location: pick.one(POSITIONS) } : {}),
    };
    return { kind: 'action', seat: pick.chance(97) ? batting : fielding, action: 'submit_manual_outcome', payload };
  };
}

export const MOVES: Record<string, MoveMaker<any>> = {
  tictactoe: tictactoeMove,
  chsh: chshMove,
  score_challenge: scoreChallengeMove,
  dice_baseball: baseballMoves({ timeouts: true }),
};

export function moveMaker<S>(game: GameModule<S>): MoveMaker<S> {
  const maker = MOVES[game.type];
  if (!maker) throw new Error(`no random moves for ${game.type}`);
  return maker;
}

/** Plays a move through the driver, as the engine would receive it. */
export function playMove<S>(d: GameDriver<S>, move: Move): Reply {
  if (move.kind === 'action') return d.act(move.seat, move.action, move.payload);
  if (move.kind === 'timeout') return d.timeout(move.seat);
  return d.deadline();
}
