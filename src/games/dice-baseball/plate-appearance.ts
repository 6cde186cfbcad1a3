/**
 * One plate appearance: decisions (either side, optional), `roll_dice` and
 * `submit_manual_outcome` (batting side). Each handler has the `ActionDef.apply` shape.
 *
 * Decisions are made before the roll and fixed by it: after the dice are seen, neither
 * side may change them, and no substitution is made until the outcome is in
 * (`ROLL_PENDING`). A second `roll_dice` while a roll is pending is `ROLL_PENDING` too.
 */
import type { z } from 'zod';
import { invalid, type Actor, type GameContext, type Outcome as StepOutcome } from '../game-module.js';
import { randomInt } from '../random.js';
import { advance, describePlay, isHit } from './advancement.js';
import { settleAfterPlay } from './innings.js';
import {
  DEFAULT_DEFENSE, DEFAULT_OFFENSE, NEEDS_HIT_LOCATION, toDefensiveDecision, toOffensiveDecision,
  type defensiveDecisionSchema, type manualOutcomeSchema, type offensiveDecisionSchema,
} from './schemas.js';
import {
  battingTeam, currentBatter, currentPitcher, fieldingTeam, teamOfSeat, type BaseballState, type PendingRoll, type Play,
} from './state.js';

type Result = StepOutcome<BaseballState>;

/** The public `play_resolved` payload of a play. */
export function playResolved(p: Play) {
  return {
    play_number: p.play_number,
    outcome: p.outcome,
    ...(p.hit_location ? { hit_location: p.hit_location } : {}),
    description: p.description,
    outs_recorded: p.outs_recorded,
    runs_scored: p.runs_scored,
    runners_advanced: p.runners_advanced.map((r) => ({ ...r })),
    is_hit: p.is_hit,
    is_out: p.is_out,
    is_walk: p.is_walk,
    roll_id: p.roll_id,
  };
}

/** The public `dice_rolled` payload of a roll. */
export function diceRolled(r: PendingRoll) {
  return {
    roll_id: r.roll_id, d6_one: r.d6_one, d6_two_total: r.d6_two_total,
    chaos_d20: r.chaos_d20, resolution_d20: r.resolution_d20,
  };
}

function refuseUnlessSide(s: BaseballState, actor: Actor, side: 'batting' | 'fielding'): Result | null {
  if (s.end) return { reject: 'GAME_OVER' };
  const team = teamOfSeat(s, actor.seat);
  if (team === null) return { reject: 'FORBIDDEN' };
  const expected = side === 'batting' ? battingTeam(s) : fieldingTeam(s);
  if (team !== expected) return { reject: 'NOT_YOUR_TURN', message: `only the ${side} team may do this now` };
  return null;
}

export function submitDefensiveDecision(
  s: BaseballState, payload: z.output<typeof defensiveDecisionSchema>, actor: Actor,
): Result {
  const refused = refuseUnlessSide(s, actor, 'fielding');
  if (refused) return refused;
  if (s.pending_roll) return invalid('ROLL_PENDING', 'the dice are rolled: decisions are fixed until the outcome');
  return { state: { ...s, decisions: { ...s.decisions, defense: toDefensiveDecision(payload) } } };
}

export function submitOffensiveDecision(
  s: BaseballState, payload: z.output<typeof offensiveDecisionSchema>, actor: Actor,
): Result {
  const refused = refuseUnlessSide(s, actor, 'batting');
  if (refused) return refused;
  if (s.pending_roll) return invalid('ROLL_PENDING', 'the dice are rolled: decisions are fixed until the outcome');
  return { state: { ...s, decisions: { ...s.decisions, offense: toOffensiveDecision(payload) } } };
}

export function rollDice(s: BaseballState, _payload: unknown, actor: Actor, ctx: GameContext): Result {
  const refused = refuseUnlessSide(s, actor, 'batting');
  if (refused) return refused;
  if (s.pending_roll) return invalid('ROLL_PENDING', `roll ${s.pending_roll.roll_id} awaits its outcome`);
  const d6 = () => randomInt(ctx.random, 1, 6);
  const roll: PendingRoll = {
    roll_id: `roll_${s.rolls + 1}`,
    d6_one: d6(),
    d6_two_total: d6() + d6(),
    chaos_d20: randomInt(ctx.random, 1, 20),
    resolution_d20: randomInt(ctx.random, 1, 20),
    defense: s.decisions.defense ?? { ...DEFAULT_DEFENSE, hold_runners: [] },
    offense: s.decisions.offense ?? { ...DEFAULT_OFFENSE, steal_attempts: [] },
  };
  const data = diceRolled(roll);
  return {
    state: { ...s, pending_roll: roll, rolls: s.rolls + 1 },
    result: data,
    emits: [{ event: 'dice_rolled', data: { ...data } }],
  };
}

export function submitManualOutcome(
  s: BaseballState, payload: z.output<typeof manualOutcomeSchema>, actor: Actor,
): Result {
  const refused = refuseUnlessSide(s, actor, 'batting');
  if (refused) return refused;
  const roll = s.pending_roll;
  if (!roll || roll.roll_id !== payload.roll_id) {
    return invalid('NO_PENDING_ROLL', roll ? `roll ${payload.roll_id} is not the pending roll` : 'roll the dice first');
  }
  const hitLocation = payload.hit_location ?? null;
  if (hitLocation === null && NEEDS_HIT_LOCATION.includes(payload.outcome)) {
    return invalid('HIT_LOCATION_REQUIRED', `${payload.outcome} needs hit_location`);
  }

  const next = structuredClone(s);
  const batting = next.teams[battingTeam(s)];
  const batter = currentBatter(s).lineup_id;
  const adv = advance({ bases: s.bases, outs: s.outs, batter, outcome: payload.outcome, defense: roll.defense });
  const play: Play = {
    play_number: s.plays.length + 1,
    inning: s.inning,
    half: s.half,
    batting_team: battingTeam(s),
    batter,
    pitcher: currentPitcher(s).lineup_id,
    outcome: payload.outcome,
    hit_location: hitLocation,
    description: describePlay(payload.outcome, hitLocation, adv),
    outs_before: s.outs,
    outs_recorded: adv.outs_recorded,
    runs_scored: adv.scorers.length,
    scorers: adv.scorers,
    runners_advanced: adv.runners_advanced,
    is_hit: isHit(payload.outcome),
    is_out: adv.outs_recorded > 0,
    is_walk: payload.outcome === 'walk',
    double_play: adv.double_play,
    sacrifice_fly: adv.sacrifice_fly,
    roll_id: roll.roll_id,
    defense: roll.defense,
    offense: roll.offense,
  };
  next.plays.push(play);
  next.bases = adv.bases;
  next.outs += adv.outs_recorded;
  next.score[play.batting_team] += play.runs_scored;
  batting.batting_index = (batting.batting_index + 1) % 9;
  next.pending_roll = null;
  next.decisions = { defense: null, offense: null };
  settleAfterPlay(next);
  const data = playResolved(play);
  return { state: next, result: data, emits: [{ event: 'play_resolved', data: { ...data } }] };
}
