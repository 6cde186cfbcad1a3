/**
 * Generated rosters and the `get_lineup` answer. Each team gets 13 distinct card ids
 * drawn from `ctx.random` (distinct across both teams, so a card id names one player);
 * the first nine start at `P C 1B 2B 3B SS LF CF RF` and bat in a conventional order.
 */
import type { GamePlayer } from '../game-module.js';
import { randomInt } from '../random.js';
import { POSITIONS, type Position, type Team } from './schemas.js';
import type { CardId, LineupEntry, LineupId, TeamState } from './state.js';

export const ROSTER_SIZE = 13;
const CARD_ID_MIN = 100;
const CARD_ID_MAX = 999;

/** Batting order of the starters by position: table-setters first, the pitcher last. */
const BATTING_ORDER: Record<Position, number> = {
  CF: 1, SS: 2, '1B': 3, '3B': 4, LF: 5, RF: 6, '2B': 7, C: 8, P: 9,
};

/** Draws `count` distinct card ids. */
export function drawCardIds(random: () => number, count: number): CardId[] {
  const ids: CardId[] = [];
  while (ids.length < count) {
    const id = randomInt(random, CARD_ID_MIN, CARD_ID_MAX);
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function starters(roster: readonly CardId[], firstLineupId: LineupId): LineupEntry[] {
  return POSITIONS.map((position, i) => ({ position, card_id: roster[i] }))
    .sort((a, b) => BATTING_ORDER[a.position] - BATTING_ORDER[b.position])
    .map(({ position, card_id }, i) => ({
      lineup_id: firstLineupId + i,
      card_id,
      position,
      batting_order: BATTING_ORDER[position],
      is_active: true,
      is_starter: true,
      entered_as: 'starter' as const,
      replaced: null,
    }));
}

/** Both teams for a game: away = the first player (seat order), home = the second. */
export function generateTeams(random: () => number, players: readonly GamePlayer[]): Record<Team, TeamState> {
  const cards = drawCardIds(random, ROSTER_SIZE * 2);
  const team = (i: number): TeamState => {
    const roster = cards.slice(i * ROSTER_SIZE, (i + 1) * ROSTER_SIZE);
    return {
      user_id: players[i].user_id,
      seat: players[i].seat,
      roster,
      lineup: starters(roster, 1 + i * POSITIONS.length),
      batting_index: 0,
    };
  };
  return { away: team(0), home: team(1) };
}

/** Card ids of the roster that never entered the game. */
export const benchOf = (team: TeamState): CardId[] =>
  team.roster.filter((card) => !team.lineup.some((e) => e.card_id === card));

export interface LineupAnswer {
  team: Team;
  players: { lineup_id: LineupId; card_id: CardId; position: Position; batting_order: number; is_active: boolean; is_starter: boolean }[];
  bench: { card_id: CardId }[];
}

/** The `get_lineup` answer: every entry (replaced ones inactive) by batting order, then the bench. */
export function lineupOf(teams: Record<Team, TeamState>, team: Team): LineupAnswer {
  const t = teams[team];
  const players = t.lineup
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.batting_order - b.e.batting_order || a.i - b.i)
    .map(({ e }) => ({
      lineup_id: e.lineup_id,
      card_id: e.card_id,
      position: e.position,
      batting_order: e.batting_order,
      is_active: e.is_active,
      is_starter: e.is_starter,
    }));
  return { team, players, bench: benchOf(t).map((card_id) => ({ card_id })) };
}
