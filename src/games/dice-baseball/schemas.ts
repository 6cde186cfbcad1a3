/**
 * Names and payload schemas of `dice_baseball` (SPEC §8). Optional fields accept `null`
 * as "absent" (SPEC §4); the handlers fill in the defaults.
 */
import { z } from 'zod';

export const POSITIONS = ['P', 'C', '1B', '2B', '3B', 'SS', 'LF', 'CF', 'RF'] as const;
export type Position = (typeof POSITIONS)[number];

export const OUTCOMES = [
  'strikeout', 'walk', 'hbp', 'single', 'double', 'triple', 'homerun',
  'groundball_a', 'groundball_b', 'groundball_c', 'flyball_a', 'flyball_b', 'flyball_c', 'lineout', 'popout',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes whose ball is put in play somewhere: `hit_location` is required. */
export const NEEDS_HIT_LOCATION: readonly Outcome[] = [
  'groundball_a', 'groundball_b', 'groundball_c', 'flyball_a', 'flyball_b', 'flyball_c', 'lineout',
];

export const TEAMS = ['away', 'home'] as const;
export type Team = (typeof TEAMS)[number];

export const ALIGNMENTS = ['normal', 'shifted_left', 'shifted_right'] as const;
export const INFIELD_DEPTHS = ['in', 'normal', 'double_play'] as const;
export const OUTFIELD_DEPTHS = ['in', 'normal', 'back'] as const;
export const APPROACHES = ['normal', 'contact', 'power'] as const;

export interface DefensiveDecision {
  alignment: (typeof ALIGNMENTS)[number];
  infield_depth: (typeof INFIELD_DEPTHS)[number];
  outfield_depth: (typeof OUTFIELD_DEPTHS)[number];
  /** Bases (1–3) whose runners are held; sorted, no repeats. */
  hold_runners: number[];
}

export interface OffensiveDecision {
  approach: (typeof APPROACHES)[number];
  /** Bases (2–3) the runners try to steal; sorted, no repeats. */
  steal_attempts: number[];
  bunt_attempt: boolean;
}

export const DEFAULT_DEFENSE: DefensiveDecision = {
  alignment: 'normal', infield_depth: 'normal', outfield_depth: 'normal', hold_runners: [],
};
export const DEFAULT_OFFENSE: OffensiveDecision = { approach: 'normal', steal_attempts: [], bunt_attempt: false };

const lineupId = z.number().int().min(1);
const cardId = z.number().int().min(1);

export const defensiveDecisionSchema = z.object({
  alignment: z.enum(ALIGNMENTS).nullish(),
  infield_depth: z.enum(INFIELD_DEPTHS).nullish(),
  outfield_depth: z.enum(OUTFIELD_DEPTHS).nullish(),
  hold_runners: z.array(z.number().int().min(1).max(3)).max(3).nullish(),
}).strict();

export const offensiveDecisionSchema = z.object({
  approach: z.enum(APPROACHES).nullish(),
  steal_attempts: z.array(z.number().int().min(2).max(3)).max(2).nullish(),
  bunt_attempt: z.boolean().nullish(),
}).strict();

export const rollDiceSchema = z.object({}).strict();

export const manualOutcomeSchema = z.object({
  roll_id: z.string().min(1).max(64),
  outcome: z.enum(OUTCOMES),
  hit_location: z.enum(POSITIONS).nullish(),
}).strict();

export const pinchHitterSchema = z.object({ lineup_id: lineupId, card_id: cardId }).strict();
export const defensiveReplacementSchema = z.object({
  lineup_id: lineupId, card_id: cardId, position: z.enum(POSITIONS),
}).strict();
export const pitchingChangeSchema = z.object({ lineup_id: lineupId, card_id: cardId }).strict();

export const getLineupSchema = z.object({ team: z.enum(TEAMS) }).strict();
export const getBoxScoreSchema = z.object({}).strict();

export const DICE_BASEBALL_METADATA = {
  innings: z.number().int().min(1).max(9).default(9),
};

const sortedUnique = (bases: readonly number[]) => [...new Set(bases)].sort((a, b) => a - b);

export function toDefensiveDecision(p: z.output<typeof defensiveDecisionSchema>): DefensiveDecision {
  return {
    alignment: p.alignment ?? DEFAULT_DEFENSE.alignment,
    infield_depth: p.infield_depth ?? DEFAULT_DEFENSE.infield_depth,
    outfield_depth: p.outfield_depth ?? DEFAULT_DEFENSE.outfield_depth,
    hold_runners: sortedUnique(p.hold_runners ?? []),
  };
}

export function toOffensiveDecision(p: z.output<typeof offensiveDecisionSchema>): OffensiveDecision {
  return {
    approach: p.approach ?? DEFAULT_OFFENSE.approach,
    steal_attempts: sortedUnique(p.steal_attempts ?? []),
    bunt_attempt: p.bunt_attempt ?? DEFAULT_OFFENSE.bunt_attempt,
  };
}
