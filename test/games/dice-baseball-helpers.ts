/** Shorthands for driving `dice_baseball` in tests. */
import { diceBaseball, type BaseballState } from '../../src/games/dice-baseball/index.js';
import type { Outcome, Position } from '../../src/games/dice-baseball/schemas.js';
import { battingTeam, fieldingTeam } from '../../src/games/dice-baseball/state.js';
import { GameDriver, ok, type DriverOptions } from './play.js';

export type Baseball = GameDriver<BaseballState>;

export const newGame = (options: DriverOptions = {}): Baseball => new GameDriver(diceBaseball, options);

export const battingSeat = (d: Baseball): number => d.state.teams[battingTeam(d.state)].seat;
export const fieldingSeat = (d: Baseball): number => d.state.teams[fieldingTeam(d.state)].seat;

/** Rolls and submits `outcome`: one plate appearance. Returns the `play_resolved` payload. */
export function pa(d: Baseball, outcome: Outcome, hit_location?: Position): Record<string, unknown> {
  const seat = battingSeat(d);
  const roll = ok(d.act(seat, 'roll_dice'));
  const { roll_id } = roll.result as { roll_id: string };
  const reply = ok(d.act(seat, 'submit_manual_outcome', { roll_id, outcome, ...(hit_location ? { hit_location } : {}) }));
  return reply.result as Record<string, unknown>;
}

/** Three strikeouts. */
export function sideRetired(d: Baseball): void {
  for (let i = 0; i < 3; i++) pa(d, 'strikeout');
}

/** The half ends with `runs` runs for the batting team (solo home runs, then three outs). */
export function half(d: Baseball, runs = 0): void {
  for (let i = 0; i < runs; i++) pa(d, 'homerun');
  sideRetired(d);
}

export const roll = (d: Baseball) => ok(d.act(battingSeat(d), 'roll_dice')).result as { roll_id: string };
