/**
 * The box score and line score, computed from the plays kept in the state (the state is
 * a fold of the event log, so this is "computed from the event log").
 *
 * Scoring conventions: a walk, a hit-by-pitch and a sacrifice fly are no at-bat; no RBI on
 * a double play; a run is charged to the pitcher on the mound when it scores (there are no
 * errors in this game, so every run is earned). `ip` is innings pitched as baseball
 * writes it ("6.1" = 6⅓).
 */
import { TEAMS, type Position, type Team } from './schemas.js';
import type { BaseballState, LineupEntry, LineupId, Play } from './state.js';

export interface BattingLine {
  team: Team;
  lineup_id: LineupId;
  card_id: number;
  position: Position;
  batting_order: number;
  is_active: boolean;
  pa: number; ab: number; r: number; h: number; doubles: number; triples: number; hr: number;
  rbi: number; bb: number; hbp: number; so: number;
}

export interface PitchingLine {
  team: Team;
  lineup_id: LineupId;
  card_id: number;
  outs: number; ip: string; bf: number; h: number; r: number; bb: number; hbp: number; so: number; hr: number;
}

export interface TeamLine {
  /** Runs per inning, one entry per half-inning the team has come to bat in. */
  innings: number[];
  runs: number;
  hits: number;
}

export interface BoxScore {
  batting: BattingLine[];
  pitching: PitchingLine[];
  line_score: Record<Team, TeamLine>;
}

function battingLine(team: Team, e: LineupEntry): BattingLine {
  return {
    team, lineup_id: e.lineup_id, card_id: e.card_id, position: e.position, batting_order: e.batting_order,
    is_active: e.is_active, pa: 0, ab: 0, r: 0, h: 0, doubles: 0, triples: 0, hr: 0, rbi: 0, bb: 0, hbp: 0, so: 0,
  };
}

function pitchingLine(team: Team, e: LineupEntry): PitchingLine {
  return { team, lineup_id: e.lineup_id, card_id: e.card_id, outs: 0, ip: '0.0', bf: 0, h: 0, r: 0, bb: 0, hbp: 0, so: 0, hr: 0 };
}

function addBatting(line: BattingLine, p: Play): void {
  line.pa += 1;
  if (p.outcome === 'walk') line.bb += 1;
  else if (p.outcome === 'hbp') line.hbp += 1;
  else if (!p.sacrifice_fly) line.ab += 1;
  if (p.is_hit) line.h += 1;
  if (p.outcome === 'double') line.doubles += 1;
  if (p.outcome === 'triple') line.triples += 1;
  if (p.outcome === 'homerun') line.hr += 1;
  if (p.outcome === 'strikeout') line.so += 1;
  if (!p.double_play) line.rbi += p.runs_scored;
}

function addPitching(line: PitchingLine, p: Play): void {
  line.bf += 1;
  line.outs += p.outs_recorded;
  line.r += p.runs_scored;
  if (p.is_hit) line.h += 1;
  if (p.outcome === 'walk') line.bb += 1;
  if (p.outcome === 'hbp') line.hbp += 1;
  if (p.outcome === 'strikeout') line.so += 1;
  if (p.outcome === 'homerun') line.hr += 1;
}

/** Half-innings each team has come to bat in so far. */
function halvesStarted(s: BaseballState): Record<Team, number> {
  return { away: s.inning, home: s.half === 'bottom' ? s.inning : s.inning - 1 };
}

export function lineScore(s: BaseballState): Record<Team, TeamLine> {
  const started = halvesStarted(s);
  const line = (team: Team): TeamLine => {
    const innings = Array<number>(started[team]).fill(0);
    let hits = 0;
    for (const p of s.plays.filter((q) => q.batting_team === team)) {
      innings[p.inning - 1] += p.runs_scored;
      if (p.is_hit) hits += 1;
    }
    return { innings, runs: innings.reduce((a, b) => a + b, 0), hits };
  };
  return { away: line('away'), home: line('home') };
}

/** The `get_box_score` answer. */
export function boxScore(s: BaseballState): BoxScore {
  const batting = new Map<LineupId, BattingLine>();
  const pitching = new Map<LineupId, PitchingLine>();
  const entries = new Map<LineupId, { team: Team; entry: LineupEntry }>();
  for (const team of TEAMS) {
    const lineup = [...s.teams[team].lineup].sort((a, b) => a.batting_order - b.batting_order);
    for (const entry of lineup) {
      entries.set(entry.lineup_id, { team, entry });
      batting.set(entry.lineup_id, battingLine(team, entry));
    }
  }
  const pitcherLine = (id: LineupId): PitchingLine => {
    let line = pitching.get(id);
    if (!line) {
      const { team, entry } = entries.get(id) as { team: Team; entry: LineupEntry };
      line = pitchingLine(team, entry);
      pitching.set(id, line);
    }
    return line;
  };
  for (const p of s.plays) {
    addBatting(batting.get(p.batter) as BattingLine, p);
    for (const runner of p.scorers) (batting.get(runner) as BattingLine).r += 1;
    addPitching(pitcherLine(p.pitcher), p);
  }
  for (const team of TEAMS) {
    const current = s.teams[team].lineup.find((e) => e.is_active && e.position === 'P');
    if (current) pitcherLine(current.lineup_id);
  }
  const pitchingLines = [...pitching.values()]
    .sort((a, b) => TEAMS.indexOf(a.team) - TEAMS.indexOf(b.team))
    .map((l) => ({ ...l, ip: `${Math.floor(l.outs / 3)}.${l.outs % 3}` }));
  return { batting: [...batting.values()], pitching: pitchingLines, line_score: lineScore(s) };
}
