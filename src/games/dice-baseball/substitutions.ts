/**
 * Substitutions (SPEC §8): a team changes its own lineup, batting or fielding. The new
 * player comes from the bench (on the roster, never used), takes the batting order slot of
 * the player he replaces, and the replaced player never returns.
 *
 * Refusals (`INVALID_MOVE` reasons), checked in this order:
 * - `ROLL_PENDING` — dice are rolled and the outcome is not in yet;
 * - `NOT_IN_LINEUP` — `lineup_id` is not an entry of the actor's own team;
 * - `PLAYER_ALREADY_OUT` — that entry was already replaced;
 * - `NOT_CURRENT_BATTER` (pinch hitter: only for the batter now up) /
 *   `NOT_CURRENT_PITCHER` (pitching change: `lineup_id` must be the active pitcher);
 * - `NOT_IN_ROSTER` — `card_id` is not on the team's roster;
 * - `ALREADY_ACTIVE` — `card_id` is in the game now; `PLAYER_ALREADY_OUT` — it was, and left;
 * - `PITCHER_MUST_FACE_BATTER` — the change takes the mound from a pitcher who has not
 *   completed a plate appearance (a pinch hitter who inherited `P` is exempt: he never
 *   took the mound).
 *
 * A defensive replacement at another position than the replaced player's swaps: the
 * player at `position` moves to the vacated one (reported as `moved`). A replaced player
 * who is on base is replaced there too (he is pinch-run for).
 */
import type { z } from 'zod';
import { invalid, type Actor, type Outcome as StepOutcome, type Rejected } from '../game-module.js';
import type { defensiveReplacementSchema, pinchHitterSchema, pitchingChangeSchema, Position, Team } from './schemas.js';
import {
  activeAtPosition, battersFaced, battingTeam, currentBatter, teamOfSeat,
  type BaseballState, type LineupEntry, type SubstitutionType,
} from './state.js';

type Result = StepOutcome<BaseballState>;

interface Request {
  type: SubstitutionType;
  lineup_id: number;
  card_id: number;
  position: Position | null; // null: the replaced player's position
}

function refusal(s: BaseballState, actor: Actor, req: Request): Rejected | { team: Team; entry: LineupEntry } {
  if (s.end) return { reject: 'GAME_OVER' };
  const team = teamOfSeat(s, actor.seat);
  if (team === null) return { reject: 'FORBIDDEN' };
  if (s.pending_roll) return invalid('ROLL_PENDING', 'no substitution between the roll and its outcome');
  const t = s.teams[team];
  const entry = t.lineup.find((e) => e.lineup_id === req.lineup_id);
  if (!entry) return invalid('NOT_IN_LINEUP', `lineup id ${req.lineup_id} is not in your lineup`);
  if (!entry.is_active) return invalid('PLAYER_ALREADY_OUT', `lineup id ${req.lineup_id} has left the game`);
  if (req.type === 'pinch_hitter' && (team !== battingTeam(s) || currentBatter(s).lineup_id !== entry.lineup_id)) {
    return invalid('NOT_CURRENT_BATTER', 'a pinch hitter replaces the batter now up');
  }
  if (req.type === 'pitching_change' && entry.position !== 'P') {
    return invalid('NOT_CURRENT_PITCHER', `lineup id ${req.lineup_id} is not the pitcher`);
  }
  if (!t.roster.includes(req.card_id)) return invalid('NOT_IN_ROSTER', `card ${req.card_id} is not on your roster`);
  const used = t.lineup.find((e) => e.card_id === req.card_id);
  if (used?.is_active) return invalid('ALREADY_ACTIVE', `card ${req.card_id} is already in the game`);
  if (used) return invalid('PLAYER_ALREADY_OUT', `card ${req.card_id} has left the game and may not return`);
  const position = req.position ?? entry.position;
  if (entry.position === 'P' || position === 'P') {
    const pitcher = activeAtPosition(t, 'P');
    if (pitcher.entered_as !== 'pinch_hitter' && battersFaced(s, pitcher.lineup_id) === 0) {
      return invalid('PITCHER_MUST_FACE_BATTER', 'the pitcher must face at least one batter');
    }
  }
  return { team, entry };
}

function substitute(s: BaseballState, actor: Actor, req: Request): Result {
  const checked = refusal(s, actor, req);
  if ('reject' in checked) return checked;
  const next = structuredClone(s);
  const t = next.teams[checked.team];
  const out = t.lineup.find((e) => e.lineup_id === req.lineup_id) as LineupEntry;
  const position = req.position ?? out.position;
  out.is_active = false;
  let moved: { lineup_id: number; position: Position } | null = null;
  if (position !== out.position) {
    const other = activeAtPosition(t, position);
    other.position = out.position;
    moved = { lineup_id: other.lineup_id, position: other.position };
  }
  const entry: LineupEntry = {
    lineup_id: next.next_lineup_id,
    card_id: req.card_id,
    position,
    batting_order: out.batting_order,
    is_active: true,
    is_starter: false,
    entered_as: req.type,
    replaced: out.lineup_id,
  };
  t.lineup.push(entry);
  next.next_lineup_id += 1;
  next.bases = next.bases.map((r) => (r === out.lineup_id ? entry.lineup_id : r));
  const data = {
    type: req.type,
    team: checked.team,
    lineup_id: out.lineup_id,
    card_id: entry.card_id,
    new_lineup_id: entry.lineup_id,
    position: entry.position,
    batting_order: entry.batting_order,
    ...(moved ? { moved } : {}),
  };
  return { state: next, result: data, emits: [{ event: 'player_substituted', data: structuredClone(data) }] };
}

export const requestPinchHitter = (s: BaseballState, p: z.output<typeof pinchHitterSchema>, actor: Actor): Result =>
  substitute(s, actor, { type: 'pinch_hitter', ...p, position: null });

export const requestDefensiveReplacement = (
  s: BaseballState, p: z.output<typeof defensiveReplacementSchema>, actor: Actor,
): Result => substitute(s, actor, { type: 'defensive_replacement', ...p });

export const requestPitchingChange = (s: BaseballState, p: z.output<typeof pitchingChangeSchema>, actor: Actor): Result =>
  substitute(s, actor, { type: 'pitching_change', ...p, position: 'P' });
