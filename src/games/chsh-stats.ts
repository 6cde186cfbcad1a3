/**
 * CHSH statistics, pure: shared by the `chsh` module's view and the server's
 * `chsh_dashboard` feed (§11).
 */
import { randomInt } from './random.js';

export type AliceQuestion = 'A' | 'B';
export type BobQuestion = 'X' | 'Y';
/** A question pair: seat 0's question then seat 1's (`"BY"` = seat 0 got B, seat 1 got Y). */
export type ChshPair = 'AX' | 'AY' | 'BX' | 'BY';
export const CHSH_PAIRS: readonly ChshPair[] = ['AX', 'AY', 'BX', 'BY'];

/** A completed round as the view shows it (keys "0"/"1" are the two players, seat order). */
export interface ChshRound {
  round: number;
  questions: { '0': AliceQuestion; '1': BobQuestion };
  answers: { '0': boolean; '1': boolean };
  won: boolean;
}

export interface ChshStats {
  counts: Record<ChshPair, number>;
  /** Correlation per pair, answers as ±1 (true = +1): (same − different) / n; null with no rounds. */
  E: Record<ChshPair, number | null>;
  /** E(AX) + E(AY) + E(BX) − E(BY); null until every pair has rounds. Classical bound: |S| ≤ 2. */
  S: number | null;
  /** Share of rounds won (0–1); null before the first completed round. */
  win_rate: number | null;
}

/** The CHSH winning condition: the answers differ exactly when the questions are B and Y. */
export function chshWon({ questions, answers }: Pick<ChshRound, 'questions' | 'answers'>): boolean {
  return (answers['0'] !== answers['1']) === (questions['0'] === 'B' && questions['1'] === 'Y');
}

/**
 * Statistics of completed rounds. `won` is recomputed from questions and answers, so
 * the function can be fed rounds from anywhere (state, log, dashboard).
 *
 * @example
 * chshStats([{ questions: { '0': 'A', '1': 'X' }, answers: { '0': true, '1': true } }]).E.AX // 1
 */
export function chshStats(history: readonly Pick<ChshRound, 'questions' | 'answers'>[]): ChshStats {
  const counts: Record<ChshPair, number> = { AX: 0, AY: 0, BX: 0, BY: 0 };
  const same: Record<ChshPair, number> = { AX: 0, AY: 0, BX: 0, BY: 0 };
  let wins = 0;
  for (const { questions, answers } of history) {
    const pair = `${questions['0']}${questions['1']}` as ChshPair;
    counts[pair] += 1;
    if (answers['0'] === answers['1']) same[pair] += 1;
    if (chshWon({ questions, answers })) wins += 1;
  }
  const correlation = (p: ChshPair) => (counts[p] === 0 ? null : (2 * same[p] - counts[p]) / counts[p]);
  const E = { AX: correlation('AX'), AY: correlation('AY'), BX: correlation('BX'), BY: correlation('BY') };
  const S = E.AX === null || E.AY === null || E.BX === null || E.BY === null
    ? null
    : E.AX + E.AY + E.BX - E.BY;
  return { counts, E, S, win_rate: history.length === 0 ? null : wins / history.length };
}

/**
 * The question schedule of a game: each of the four pairs `comboRepeats` times in shuffled
 * order (cut short when `rounds` is smaller), then uniformly random pairs.
 */
export function chshSchedule(random: () => number, rounds: number, comboRepeats: number): ChshPair[] {
  const balanced = CHSH_PAIRS.flatMap((pair) => Array<ChshPair>(comboRepeats).fill(pair));
  for (let i = balanced.length - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    [balanced[i], balanced[j]] = [balanced[j], balanced[i]];
  }
  const schedule = balanced.slice(0, rounds);
  while (schedule.length < rounds) schedule.push(CHSH_PAIRS[randomInt(random, 0, 3)]);
  return schedule;
}
