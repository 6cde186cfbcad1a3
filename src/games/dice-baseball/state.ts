/**
 * The state of a `dice_baseball` game and the small questions asked of it everywhere
 * (who bats, who is up, who pitches). Plain JSON: it is stored as is and must round-trip.
 * It is a fold of the event log: every play is kept in `plays`, and the box score and
 * the line score are computed from them.
 */
import type { Seat, UserId } from '../game-module.js';
import type { DefensiveDecision, OffensiveDecision, Outcome, Position, Team } from './schemas.js';

export type LineupId = number;
export type CardId = number;
export type Half = 'top' | 'bottom';
export type SubstitutionType = 'pinch_hitter' | 'defensive_replacement' | 'pitching_change';

export interface LineupEntry {
  lineup_id: LineupId;
  card_id: CardId;
  position: Position;
  /** 1–9. */
  batting_order: number;
  is_active: boolean;
  is_starter: boolean;
  entered_as: 'starter' | SubstitutionType;
  /** The entry this one replaced (null for starters). */
  replaced: LineupId | null;
}

export interface TeamState {
  user_id: UserId;
  seat: Seat;
  /** The 13 card ids of the team. */
  roster: CardId[];
  /** Every lineup entry ever made, starters first; replaced entries stay with `is_active: false`. */
  lineup: LineupEntry[];
  /** 0–8: the batting order slot of the team's next batter. */
  batting_index: number;
}

export interface Runner {
  from: number;
  to: number;
}

export interface PendingRoll {
  roll_id: string;
  d6_one: number;
  d6_two_total: number;
  chaos_d20: number;
  resolution_d20: number;
  /** The decisions in force for this plate appearance, fixed when the dice were rolled. */
  defense: DefensiveDecision;
  offense: OffensiveDecision;
}

export interface Play {
  play_number: number;
  inning: number;
  half: Half;
  batting_team: Team;
  batter: LineupId;
  pitcher: LineupId;
  outcome: Outcome;
  hit_location: Position | null;
  description: string;
  outs_before: number;
  outs_recorded: number;
  runs_scored: number;
  /** Lineup ids of the runners (batter included) who scored. */
  scorers: LineupId[];
  runners_advanced: Runner[];
  is_hit: boolean;
  is_out: boolean;
  is_walk: boolean;
  double_play: boolean;
  sacrifice_fly: boolean;
  roll_id: string;
  defense: DefensiveDecision;
  offense: OffensiveDecision;
}

export interface GameEnd {
  reason: 'final' | 'forfeit';
  /** The player whose team forfeited (turn timer ran out). */
  forfeited_by: UserId | null;
}

export interface BaseballState {
  /** Regulation length in innings (metadata `innings`). */
  innings: number;
  inning: number;
  half: Half;
  outs: number;
  /** Runners on first, second, third (lineup ids of the batting team). */
  bases: (LineupId | null)[];
  score: Record<Team, number>;
  teams: Record<Team, TeamState>;
  /** Decisions made for the coming plate appearance (null: defaults at the roll). */
  decisions: { defense: DefensiveDecision | null; offense: OffensiveDecision | null };
  pending_roll: PendingRoll | null;
  /** Rolls made so far: the source of `roll_id`s. */
  rolls: number;
  plays: Play[];
  next_lineup_id: LineupId;
  end: GameEnd | null;
}

export const battingTeam = (s: BaseballState): Team => (s.half === 'top' ? 'away' : 'home');
export const fieldingTeam = (s: BaseballState): Team => (s.half === 'top' ? 'home' : 'away');
export const otherTeam = (t: Team): Team => (t === 'away' ? 'home' : 'away');

/** The team a seat plays for, or null (spectators, strangers). */
export function teamOfSeat(s: BaseballState, seat: Seat | null): Team | null {
  if (seat === null) return null;
  if (s.teams.away.seat === seat) return 'away';
  if (s.teams.home.seat === seat) return 'home';
  return null;
}

export function activeAt(team: TeamState, battingOrder: number): LineupEntry {
  const entry = team.lineup.find((e) => e.is_active && e.batting_order === battingOrder);
  if (!entry) throw new Error(`no active player bats ${battingOrder}`);
  return entry;
}

export function activeAtPosition(team: TeamState, position: Position): LineupEntry {
  const entry = team.lineup.find((e) => e.is_active && e.position === position);
  if (!entry) throw new Error(`no active player at ${position}`);
  return entry;
}

export const currentBatter = (s: BaseballState): LineupEntry => {
  const team = s.teams[battingTeam(s)];
  return activeAt(team, team.batting_index + 1);
};

export const currentPitcher = (s: BaseballState): LineupEntry => activeAtPosition(s.teams[fieldingTeam(s)], 'P');

/** Batters a pitcher (by lineup id) has faced: completed plate appearances. */
export const battersFaced = (s: BaseballState, pitcher: LineupId): number =>
  s.plays.filter((p) => p.pitcher === pitcher).length;
