/** What the UI says about each game type. */
export interface GameInfo {
  type: string;
  title: string;
  blurb: string;
  players: string;
  icon: string;
}

export const GAMES: readonly GameInfo[] = [
  { type: 'tictactoe', title: 'Tic-tac-toe', blurb: 'Three in a row. X starts.', players: '2 players', icon: 'grid' },
  { type: 'chsh', title: 'CHSH team game', blurb: 'Answer your own question without talking. Can your team beat the classical bound?', players: 'team of 2', icon: 'psi' },
  { type: 'dice_baseball', title: 'Dice baseball', blurb: 'Manage a nine with decisions, dice and substitutions.', players: '2 players', icon: 'diamond' },
  { type: 'score_challenge', title: 'Score challenge', blurb: 'Play anything, report your score before the clock runs out.', players: '2 players', icon: 'timer' },
];

export function gameTitle(type: string): string {
  if (type === 'chat') return 'Chat room';
  return GAMES.find((g) => g.type === type)?.title ?? type;
}
