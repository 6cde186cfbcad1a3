/**
 * `dice_baseball` — a compact tabletop baseball game driven by server dice (SPEC §8).
 * Away (the first seat) bats first; home is the second seat. Per plate appearance: optional
 * decisions from both sides, `roll_dice` and `submit_manual_outcome` from the batting side.
 * Every action is also a top-level event of the same name.
 *
 * Metadata: `innings` (1–9, default 9), the regulation length.
 *
 * Timeout rule: the turn timer runs for the batting team (it must roll, then submit the
 * outcome); a team whose player runs out of time forfeits: the other team wins whatever
 * the score.
 *
 * Result: `{winner: user_id | null, score: {away, home}, innings, forfeited_by?}` —
 * `innings` is the inning the game ended in; `winner` is null only if a game could end
 * level, which baseball's rules never allow.
 *
 * INVALID_MOVE reasons: `NO_PENDING_ROLL`, `HIT_LOCATION_REQUIRED`, `ROLL_PENDING` (see
 * plate-appearance.ts) and the substitution reasons of substitutions.ts.
 */
import { defineGame, type Seat } from '../game-module.js';
import { readMetadata } from '../read-metadata.js';
import { boxScore } from './box-score.js';
import { leader } from './innings.js';
import {
  rollDice, submitDefensiveDecision, submitManualOutcome, submitOffensiveDecision,
} from './plate-appearance.js';
import { generateTeams, lineupOf } from './roster.js';
import {
  DICE_BASEBALL_METADATA, POSITIONS, defensiveDecisionSchema, defensiveReplacementSchema, getBoxScoreSchema, getLineupSchema,
  manualOutcomeSchema, offensiveDecisionSchema, pinchHitterSchema, pitchingChangeSchema, rollDiceSchema,
  type Team,
} from './schemas.js';
import { battingTeam, teamOfSeat, type BaseballState } from './state.js';
import { requestDefensiveReplacement, requestPinchHitter, requestPitchingChange } from './substitutions.js';
import { baseballView } from './view.js';

export type { BaseballState } from './state.js';
export type { BaseballView } from './view.js';
export { advance } from './advancement.js';
export { boxScore, lineScore } from './box-score.js';
export { lineupOf } from './roster.js';

export interface BaseballResult {
  winner: string | null;
  score: Record<Team, number>;
  innings: number;
  forfeited_by?: string;
}

export function baseballResult(s: BaseballState): BaseballResult | undefined {
  if (!s.end) return undefined;
  const forfeited = s.end.forfeited_by;
  const winning: Team | null = forfeited === null
    ? leader(s)
    : s.teams.away.user_id === forfeited ? 'home' : 'away';
  return {
    winner: winning === null ? null : s.teams[winning].user_id,
    score: { ...s.score },
    innings: s.inning,
    ...(forfeited === null ? {} : { forfeited_by: forfeited }),
  };
}

const alias = (name: string, payloadKeys: readonly string[]) => ({ [name]: { action: name, payloadKeys } });

export const diceBaseball = defineGame<BaseballState>({
  type: 'dice_baseball',
  minPlayers: 2,
  maxPlayers: 2,
  metadata: DICE_BASEBALL_METADATA,
  setup(ctx) {
    const { innings } = readMetadata(DICE_BASEBALL_METADATA, ctx.metadata);
    return {
      innings,
      inning: 1,
      half: 'top',
      outs: 0,
      bases: [null, null, null],
      score: { away: 0, home: 0 },
      teams: generateTeams(ctx.random, ctx.players),
      decisions: { defense: null, offense: null },
      pending_roll: null,
      rolls: 0,
      plays: [],
      next_lineup_id: 2 * POSITIONS.length + 1, // after the 18 starters
      end: null,
    };
  },
  actions: {
    submit_defensive_decision: { schema: defensiveDecisionSchema, apply: submitDefensiveDecision },
    submit_offensive_decision: { schema: offensiveDecisionSchema, apply: submitOffensiveDecision },
    roll_dice: { schema: rollDiceSchema, apply: rollDice },
    submit_manual_outcome: { schema: manualOutcomeSchema, apply: submitManualOutcome },
    request_pinch_hitter: { schema: pinchHitterSchema, apply: requestPinchHitter },
    request_defensive_replacement: { schema: defensiveReplacementSchema, apply: requestDefensiveReplacement },
    request_pitching_change: { schema: pitchingChangeSchema, apply: requestPitchingChange },
  },
  aliases: {
    ...alias('submit_defensive_decision', ['alignment', 'infield_depth', 'outfield_depth', 'hold_runners']),
    ...alias('submit_offensive_decision', ['approach', 'steal_attempts', 'bunt_attempt']),
    ...alias('roll_dice', []),
    ...alias('submit_manual_outcome', ['roll_id', 'outcome', 'hit_location']),
    ...alias('request_pinch_hitter', ['lineup_id', 'card_id']),
    ...alias('request_defensive_replacement', ['lineup_id', 'card_id', 'position']),
    ...alias('request_pitching_change', ['lineup_id', 'card_id']),
  },
  queries: {
    get_lineup: { schema: getLineupSchema, run: (s, { team }) => ({ data: lineupOf(s.teams, team) }) },
    get_box_score: { schema: getBoxScoreSchema, run: (s) => ({ data: boxScore(s) }) },
  },
  view: baseballView,
  turn: (s): Seat[] => (s.end ? [] : [s.teams[battingTeam(s)].seat]),
  onTimeout(s, seat) {
    const team = teamOfSeat(s, seat);
    if (s.end || team === null) return { state: s };
    return { state: { ...s, end: { reason: 'forfeit', forfeited_by: s.teams[team].user_id } } };
  },
  result: baseballResult,
});
