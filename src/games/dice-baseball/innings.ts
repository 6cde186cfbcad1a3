/**
 * Halves, innings and the end of the game, as baseball has them with `innings` as the
 * regulation length ("the 9th" of SPEC §8):
 * - three outs end the half;
 * - after the top of the last regulation inning (or any later one) the game is over if
 *   the home team leads — it does not bat;
 * - in the bottom of the last regulation inning or later, the game is over the moment the
 *   home team leads (walk-off; every run of the deciding play counts);
 * - after a complete last regulation inning or later with a leader the game is over;
 *   on a tie another inning is played.
 */
import type { BaseballState } from './state.js';

/** Moves the state on after a play: half over, inning over, game over. Mutates `s` (a fresh copy). */
export function settleAfterPlay(s: BaseballState): void {
  const lastOrLater = s.inning >= s.innings;
  if (s.outs >= 3) {
    endHalf(s);
    return;
  }
  if (s.half === 'bottom' && lastOrLater && s.score.home > s.score.away) {
    s.end = { reason: 'final', forfeited_by: null };
  }
}

function endHalf(s: BaseballState): void {
  const lastOrLater = s.inning >= s.innings;
  s.bases = [null, null, null];
  const homeLeads = s.score.home > s.score.away;
  const over = s.half === 'top' ? lastOrLater && homeLeads : lastOrLater && s.score.home !== s.score.away;
  if (over) {
    s.end = { reason: 'final', forfeited_by: null };
    return;
  }
  s.outs = 0;
  if (s.half === 'top') {
    s.half = 'bottom';
  } else {
    s.inning += 1;
    s.half = 'top';
  }
}

/** The team ahead, or null on a tie. */
export function leader(s: BaseballState): 'away' | 'home' | null {
  if (s.score.away === s.score.home) return null;
  return s.score.away > s.score.home ? 'away' : 'home';
}
