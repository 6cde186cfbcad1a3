/**
 * The game modules Parlor ships (SPEC §8). `createParlor({games})` adds to these.
 */
import { chsh } from './chsh.js';
import { diceBaseball } from './dice-baseball/index.js';
import type { GameModule } from './game-module.js';
import { scoreChallenge } from './score-challenge.js';
import { tictactoe } from './tictactoe.js';

export { tictactoe, chsh, scoreChallenge, diceBaseball };
export { chshStats, chshSummary } from './chsh.js';

export const shippedGames: GameModule[] = [tictactoe, chsh, scoreChallenge, diceBaseball];
