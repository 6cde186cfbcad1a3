/**
 * What a member sees of a `dice_baseball` game. Everything on the field is public; the
 * decisions made for the coming plate appearance are not: each team sees its own and only
 * whether the other has decided, until the roll fixes and reveals both (`pending_roll`).
 * Spectators see neither side's (a spectator could be a player's second account).
 */
import type { Viewer } from '../game-module.js';
import { lineScore, type TeamLine } from './box-score.js';
import { playResolved } from './plate-appearance.js';
import { benchOf } from './roster.js';
import type { DefensiveDecision, OffensiveDecision, Position, Team } from './schemas.js';
import {
  battingTeam, currentBatter, currentPitcher, fieldingTeam, teamOfSeat,
  type BaseballState, type LineupEntry, type LineupId, type PendingRoll,
} from './state.js';

export interface PlayerRef {
  lineup_id: LineupId;
  card_id: number;
  position: Position;
  batting_order: number;
}

export interface DecisionView<D> {
  submitted: boolean;
  /** Only for the team that made it. */
  decision?: D;
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
  /** 0–8 per team: the batting order slot due up. */
  batting_index: Record<Team, number>;
  teams: Record<Team, { user_id: string; seat: number; lineup: PlayerRef[]; bench: number[] }>;
  decisions: { defense: DecisionView<DefensiveDecision>; offense: DecisionView<OffensiveDecision> };
  pending_roll: PendingRoll | null;
  last_play: ReturnType<typeof playResolved> | null;
  play_count: number;
  line_score: Record<Team, TeamLine>;
}

const ref = (e: LineupEntry): PlayerRef => ({
  lineup_id: e.lineup_id, card_id: e.card_id, position: e.position, batting_order: e.batting_order,
});

export function baseballView(s: BaseballState, viewer: Viewer): BaseballView {
  const mine = teamOfSeat(s, viewer.seat);
  const batting = battingTeam(s);
  const fielding = fieldingTeam(s);
  const runner = (id: LineupId | null): PlayerRef | null => {
    const e = id === null ? undefined : s.teams[batting].lineup.find((x) => x.lineup_id === id);
    return e ? ref(e) : null;
  };
  const decision = <D>(made: D | null, owner: Team): DecisionView<D> => ({
    submitted: made !== null,
    ...(made !== null && mine === owner ? { decision: structuredClone(made) } : {}),
  });
  const team = (t: Team) => ({
    user_id: s.teams[t].user_id,
    seat: s.teams[t].seat,
    lineup: s.teams[t].lineup.filter((e) => e.is_active).sort((a, b) => a.batting_order - b.batting_order).map(ref),
    bench: benchOf(s.teams[t]),
  });
  const last = s.plays[s.plays.length - 1];
  return {
    status: s.end ? 'final' : 'active',
    innings: s.innings,
    inning: s.inning,
    half: s.half,
    outs: s.outs,
    score: { ...s.score },
    bases: { first: runner(s.bases[0]), second: runner(s.bases[1]), third: runner(s.bases[2]) },
    batting_team: batting,
    fielding_team: fielding,
    my_team: mine,
    batter: s.end ? null : ref(currentBatter(s)),
    pitcher: s.end ? null : ref(currentPitcher(s)),
    batting_index: { away: s.teams.away.batting_index, home: s.teams.home.batting_index },
    teams: { away: team('away'), home: team('home') },
    decisions: { defense: decision(s.decisions.defense, fielding), offense: decision(s.decisions.offense, batting) },
    pending_roll: s.pending_roll ? structuredClone(s.pending_roll) : null,
    last_play: last ? playResolved(last) : null,
    play_count: s.plays.length,
    line_score: lineScore(s),
  };
}
