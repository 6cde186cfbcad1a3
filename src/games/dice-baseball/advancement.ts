/**
 * The advancement rules of SPEC §8, as one pure function of the bases before the play.
 *
 * Where the SPEC is silent we do what the rules imply for a force play: on a groundball
 * (double play or not) the runners who are forced — each runner with every base behind
 * him occupied — advance one base. A play that makes the third out scores nobody (every
 * such out here is a force, a batter out before first, or a fly with two outs).
 */
import type { Outcome, Position } from './schemas.js';
import type { DefensiveDecision } from './schemas.js';
import type { LineupId, Runner } from './state.js';

export interface PlayInput {
  /** Runners on first, second, third. */
  bases: readonly (LineupId | null)[];
  outs: number;
  batter: LineupId;
  outcome: Outcome;
  defense: Pick<DefensiveDecision, 'infield_depth' | 'outfield_depth'>;
}

export interface Advancement {
  bases: (LineupId | null)[];
  outs_recorded: number;
  /** Who scored, lead runner first. */
  scorers: LineupId[];
  /** Moves of runners who reached a base or scored (0 = batter, 4 = home), lead runner first. */
  runners_advanced: Runner[];
  double_play: boolean;
  sacrifice_fly: boolean;
}

const OUT = -1;
/** Where hits send the batter and the runners on first, second, third (4 = scores). */
const HIT_DESTINATIONS: Partial<Record<Outcome, readonly number[]>> = {
  single: [1, 2, 4, 4],
  double: [2, 3, 4, 4],
  triple: [3, 4, 4, 4],
  homerun: [4, 4, 4, 4],
};

/**
 * Destination of the runner on each base (index 0 = batter): a base 1–3, 4 = scored,
 * OUT, or null = no runner there.
 */
type Destinations = (number | null)[];

/** Runners forced by the batter becoming a runner advance one base; the rest stay. */
function forced(occupied: readonly boolean[]): Destinations {
  const dest: Destinations = [1, null, null, null];
  let chain = true;
  for (let base = 1; base <= 3; base++) {
    if (!occupied[base]) {
      chain = false;
      continue;
    }
    dest[base] = chain ? base + 1 : base;
  }
  return dest;
}

function destinations(input: PlayInput, occupied: readonly boolean[]): { dest: Destinations; dp: boolean; sf: boolean } {
  const { outcome, outs, defense } = input;
  const stay = occupied.map((o, base) => (o ? base : null));
  const hit = HIT_DESTINATIONS[outcome];
  if (hit) return { dest: occupied.map((o, base) => (o ? hit[base] : null)), dp: false, sf: false };
  if (outcome === 'walk' || outcome === 'hbp') return { dest: forced(occupied), dp: false, sf: false };
  if (outcome.startsWith('groundball')) {
    const dest = forced(occupied);
    dest[0] = OUT;
    const dp = outcome === 'groundball_a' && occupied[1] && outs < 2 && defense.infield_depth !== 'in';
    if (dp) dest[1] = OUT;
    return { dest, dp, sf: false };
  }
  const dest = [OUT, ...stay.slice(1)];
  const sf = (outcome === 'flyball_a' || outcome === 'flyball_b') && outs < 2 && occupied[3] && defense.outfield_depth !== 'in';
  if (sf) dest[3] = 4;
  return { dest, dp: false, sf };
}

/**
 * Resolves one plate appearance on the bases.
 *
 * @example
 * advance({ bases: [7, null, 9], outs: 0, batter: 3, outcome: 'single', defense })
 * // → bases [3, 7, null], scorers [9], runners_advanced [{from:3,to:4},{from:1,to:2},{from:0,to:1}]
 */
export function advance(input: PlayInput): Advancement {
  const runners: (LineupId | null)[] = [input.batter, ...input.bases];
  const occupied = runners.map((r) => r !== null);
  const { dest, dp, sf } = destinations(input, occupied);
  const outs_recorded = dest.filter((d) => d === OUT).length;
  if (input.outs + outs_recorded >= 3) {
    return { bases: [null, null, null], outs_recorded, scorers: [], runners_advanced: [], double_play: dp, sacrifice_fly: false };
  }
  const bases: (LineupId | null)[] = [null, null, null];
  const scorers: LineupId[] = [];
  const runners_advanced: Runner[] = [];
  for (let from = 3; from >= 0; from--) {
    const to = dest[from];
    const runner = runners[from];
    if (to === null || to === undefined || to === OUT || runner === null || runner === undefined) continue;
    if (to === 4) scorers.push(runner);
    else bases[to - 1] = runner;
    if (to > from) runners_advanced.push({ from, to });
  }
  return { bases, outs_recorded, scorers, runners_advanced, double_play: dp, sacrifice_fly: sf };
}

export const isHit = (o: Outcome): boolean => HIT_DESTINATIONS[o] !== undefined;

const LABELS: Record<Outcome, string> = {
  strikeout: 'Strikeout', walk: 'Walk', hbp: 'Hit by pitch', single: 'Single', double: 'Double',
  triple: 'Triple', homerun: 'Home run', groundball_a: 'Groundball', groundball_b: 'Groundball',
  groundball_c: 'Groundball', flyball_a: 'Flyball', flyball_b: 'Flyball', flyball_c: 'Flyball',
  lineout: 'Lineout', popout: 'Popout',
};

const PLACES: Record<Position, string> = {
  P: 'pitcher', C: 'catcher', '1B': 'first base', '2B': 'second base', '3B': 'third base',
  SS: 'shortstop', LF: 'left field', CF: 'center field', RF: 'right field',
};

/** "Single to center field, 2 runs score". */
export function describePlay(outcome: Outcome, hitLocation: Position | null, adv: Advancement): string {
  const parts = [`${LABELS[outcome]}${hitLocation ? ` to ${PLACES[hitLocation]}` : ''}`];
  if (adv.double_play) parts.push('double play');
  if (adv.sacrifice_fly) parts.push('sacrifice fly');
  const runs = adv.scorers.length;
  if (runs > 0) parts.push(runs === 1 ? '1 run scores' : `${runs} runs score`);
  return parts.join(', ');
}
