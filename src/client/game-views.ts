/**
 * What a member sees of each shipped game (`game_state.state`, SPEC §8), and the shapes of
 * the modules' pushes and queries. Written from the SPEC on the client side: the SDK never
 * imports server code. Custom games bring their own view types.
 */
import type { UserId } from './replies.js';

export interface TicTacToeView {
  board: ('X' | 'O' | null)[];
  /** Whose move it is; null once the game is over. */
  turn: UserId | null;
  winner?: UserId | null;
  line?: number[];
}

export type ChshPair = 'AX' | 'AY' | 'BX' | 'BY';

export interface ChshStats {
  counts: Record<ChshPair, number>;
  E: Record<ChshPair, number | null>;
  S: number | null;
  win_rate: number | null;
}

export interface ChshRound {
  round: number;
  questions: { '0': 'A' | 'B'; '1': 'X' | 'Y' };
  answers: { '0': boolean; '1': boolean };
  won: boolean;
}

export interface ChshView {
  round: number;
  rounds: number;
  my_question: 'A' | 'B' | 'X' | 'Y' | null;
  answered: boolean;
  partner_answered: boolean;
  history: ChshRound[];
  stats: ChshStats;
}

export interface ChshDashboard {
  teams: { room_id: string; team_name: string; rounds_played: number; stats: ChshStats | null }[];
}

export interface ScoreChallengeView {
  scores: Record<UserId, number>;
  players: { user_id: UserId; seat: number; score: number }[];
  my_score: number | null;
  duration_s: number;
  started_at: string;
  ends_at: string;
  over: boolean;
  winner?: UserId | null;
}

export type Team = 'away' | 'home';
export type Position = 'P' | 'C' | '1B' | '2B' | '3B' | 'SS' | 'LF' | 'CF' | 'RF';
export const POSITIONS: readonly Position[] = ['P', 'C', '1B', '2B', '3B', 'SS', 'LF', 'CF', 'RF'];
export const OUTCOMES = [
  'strikeout', 'walk', 'hbp', 'single', 'double', 'triple', 'homerun',
  'groundball_a', 'groundball_b', 'groundball_c', 'flyball_a', 'flyball_b', 'flyball_c', 'lineout', 'popout',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const NEEDS_HIT_LOCATION: readonly Outcome[] = ['groundball_a', 'groundball_b', 'groundball_c', 'flyball_a', 'flyball_b', 'flyball_c', 'lineout'];

export interface PlayerRef {
  lineup_id: number;
  card_id: number;
  position: Position;
  batting_order: number;
}

export interface DefensiveDecision {
  alignment: 'normal' | 'shifted_left' | 'shifted_right';
  infield_depth: 'in' | 'normal' | 'double_play';
  outfield_depth: 'in' | 'normal' | 'back';
  hold_runners: number[];
}

export interface OffensiveDecision {
  approach: 'normal' | 'contact' | 'power';
  steal_attempts: number[];
  bunt_attempt: boolean;
}

export interface DiceRolled {
  room_id?: string;
  roll_id: string;
  d6_one: number;
  d6_two_total: number;
  chaos_d20: number;
  resolution_d20: number;
}

export interface PlayResolved {
  room_id?: string;
  play_number: number;
  outcome: Outcome;
  hit_location?: Position;
  description: string;
  outs_recorded: number;
  runs_scored: number;
  runners_advanced: { from: number; to: number }[];
  is_hit: boolean;
  is_out: boolean;
  is_walk: boolean;
  roll_id: string;
}

export interface PlayerSubstituted {
  room_id?: string;
  type: 'pinch_hitter' | 'defensive_replacement' | 'pitching_change';
  lineup_id: number;
  card_id: number;
  new_lineup_id: number;
  position: Position | null;
  batting_order: number;
}

export interface TeamLine {
  innings: number[];
  runs: number;
  hits: number;
}

export interface BaseballView {
  status: 'active' | 'final';
  innings: number;
  inning: number;
  half: 'top' | 'bottom';
  outs: number;
  score: Record<Team, number>;
  bases: { first: PlayerRef | null; second: PlayerRef | null; third: PlayerRef | null };
  batting_team: Team;
  fielding_team: Team;
  my_team: Team | null;
  batter: PlayerRef | null;
  pitcher: PlayerRef | null;
  batting_index: Record<Team, number>;
  teams: Record<Team, { user_id: UserId; seat: number; lineup: PlayerRef[]; bench: number[] }>;
  decisions: {
    defense: { submitted: boolean; decision?: DefensiveDecision };
    offense: { submitted: boolean; decision?: OffensiveDecision };
  };
  pending_roll: (Omit<DiceRolled, 'room_id'> & { defense: DefensiveDecision; offense: OffensiveDecision }) | null;
  last_play: Omit<PlayResolved, 'room_id'> | null;
  play_count: number;
  line_score: Record<Team, TeamLine>;
}

export interface Lineup {
  team: Team;
  players: { lineup_id: number; card_id: number; position: Position; batting_order: number; is_active: boolean; is_starter: boolean }[];
  bench: { card_id: number }[];
}

export interface BattingLine {
  team: Team;
  lineup_id: number;
  card_id: number;
  position: Position;
  batting_order: number;
  is_active: boolean;
  pa: number; ab: number; r: number; h: number; doubles: number; triples: number; hr: number;
  rbi: number; bb: number; hbp: number; so: number;
}

export interface PitchingLine {
  team: Team;
  lineup_id: number;
  card_id: number;
  outs: number; ip: string; bf: number; h: number; r: number; bb: number; hbp: number; so: number; hr: number;
}

export interface BoxScore {
  batting: BattingLine[];
  pitching: PitchingLine[];
  line_score: Record<Team, TeamLine>;
}
