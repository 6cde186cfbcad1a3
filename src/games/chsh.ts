/**
 * `chsh` — the CHSH non-local game for a team of two (SPEC §8).
 *
 * Each round the first seat gets a question in {A, B} and the second one in {X, Y}; each
 * player sees only their own question until both have answered. The whole question
 * schedule is drawn in `setup` and kept in the state, which the server never sends: the
 * view cuts it down to the viewer's own current question. Spectators (and everyone once
 * the game is over) get `my_question: null`, `answered: false`, `partner_answered: false`.
 *
 * Metadata: `team_name` (string, may be empty), `rounds` (1–1000, default 40),
 * `combo_repeats` (0–50, default 2; when `rounds` < 4 × `combo_repeats` the balanced
 * opening is cut short).
 *
 * Timeout rule: a team that lets the turn timer run out ends its game (so does a player
 * who leaves: the engine applies the same rule). The result then names in `timed_out` the
 * player it was called for and, if that player had not answered the current round, every
 * other player who had not either; the rounds completed so far keep counting.
 *
 * Result: `{rounds_played, rounds, stats, team_name?, timed_out?}` — `stats` shaped as in
 * the view, `team_name` only when one was given.
 */
import { z } from 'zod';
import { action, defineGame, invalid, type Seat, type UserId, type Viewer } from './game-module.js';
import { readMetadata } from './read-metadata.js';
import {
  chshSchedule, chshStats, chshWon, type AliceQuestion, type BobQuestion, type ChshPair, type ChshRound,
  type ChshStats,
} from './chsh-stats.js';

export { chshStats, chshSchedule, chshWon, CHSH_PAIRS } from './chsh-stats.js';
export type { ChshPair, ChshRound, ChshStats } from './chsh-stats.js';

export const CHSH_METADATA = {
  team_name: z.string().trim().max(64).default(''),
  rounds: z.number().int().min(1).max(1000).default(40),
  combo_repeats: z.number().int().min(0).max(50).default(2),
};

export interface ChshState {
  /** Index 0 answers A/B questions, index 1 answers X/Y questions. */
  players: { user_id: UserId; seat: Seat }[];
  team_name: string | null;
  rounds: number;
  /** Secret: every round's question pair, drawn at setup. */
  schedule: ChshPair[];
  /** The current round, 1-based; stays at the last round once the game is over. */
  round: number;
  /** This round's answers by player index, null until given. */
  answers: (boolean | null)[];
  history: ChshRound[];
  over: boolean;
  timed_out: UserId[];
}

/** What a player (or a spectator) sees. */
export interface ChshView {
  round: number;
  rounds: number;
  my_question: AliceQuestion | BobQuestion | null;
  answered: boolean;
  partner_answered: boolean;
  history: ChshRound[];
  stats: ChshStats;
}

const playerIndex = (s: ChshState, seat: Seat | null) =>
  seat === null ? -1 : s.players.findIndex((p) => p.seat === seat);

/** What the `chsh_dashboard` feed shows for one team. */
export function chshSummary(s: ChshState): { team_name: string | null; rounds_played: number; stats: ChshStats } {
  return { team_name: s.team_name, rounds_played: s.history.length, stats: chshStats(s.history) };
}

function answerRound(s: ChshState, me: number, answer: boolean) {
  const answers = s.answers.map((a, i) => (i === me ? answer : a));
  const [a, b] = answers;
  if (a === null || b === null) {
    return { state: { ...s, answers }, result: { round: s.round, round_complete: false } };
  }
  const pair = s.schedule[s.round - 1];
  const x = pair[0] as AliceQuestion;
  const y = pair[1] as BobQuestion;
  const questions = { '0': x, '1': y } as const;
  const given = { '0': a, '1': b };
  const won = chshWon({ questions, answers: given });
  const history = [...s.history, { round: s.round, questions, answers: given, won }];
  const over = s.round >= s.rounds;
  return {
    state: { ...s, history, answers: [null, null], round: over ? s.round : s.round + 1, over },
    result: { round: s.round, round_complete: true, won },
  };
}

export const chsh = defineGame<ChshState>({
  type: 'chsh',
  minPlayers: 2,
  maxPlayers: 2,
  metadata: CHSH_METADATA,
  setup(ctx) {
    const { team_name, rounds, combo_repeats } = readMetadata(CHSH_METADATA, ctx.metadata);
    return {
      players: ctx.players.map(({ user_id, seat }) => ({ user_id, seat })),
      team_name: team_name === '' ? null : team_name,
      rounds,
      schedule: chshSchedule(ctx.random, rounds, combo_repeats),
      round: 1,
      answers: [null, null],
      history: [],
      over: false,
      timed_out: [],
    };
  },
  actions: {
    answer: action(
      z.object({ round: z.number().int(), answer: z.boolean() }).strict(),
      (s, { round, answer }, actor) => {
        if (s.over) return { reject: 'GAME_OVER' };
        const me = playerIndex(s, actor.seat);
        if (me < 0) return { reject: 'FORBIDDEN' };
        if (round !== s.round) return invalid('WRONG_ROUND', `the current round is ${s.round}`);
        if (s.answers[me] !== null) return invalid('ALREADY_ANSWERED', `round ${s.round} is already answered`);
        return answerRound(s, me, answer);
      },
    ),
  },
  aliases: { submit_answer: { action: 'answer', payloadKeys: ['round', 'answer'] } },
  view(s, viewer: Viewer): ChshView {
    const me = playerIndex(s, viewer.seat);
    const playing = me >= 0 && !s.over;
    const pair = s.schedule[s.round - 1];
    return {
      round: s.round,
      rounds: s.rounds,
      my_question: playing ? (pair[me] as AliceQuestion | BobQuestion) : null,
      answered: playing && s.answers[me] !== null,
      partner_answered: playing && s.answers[1 - me] !== null,
      history: structuredClone(s.history),
      stats: chshStats(s.history),
    };
  },
  turn: (s) => (s.over ? [] : s.players.filter((_, i) => s.answers[i] === null).map((p) => p.seat)),
  onTimeout(s, seat) {
    const me = playerIndex(s, seat);
    if (s.over || me < 0) return { state: s };
    // The engine also calls this for a player who leaves, maybe after answering: name that
    // player, and — when they were late themselves — whoever else had not answered either.
    const late = s.players
      .filter((_, i) => i === me || (s.answers[me] === null && s.answers[i] === null))
      .map((p) => p.user_id);
    return { state: { ...s, over: true, timed_out: late } };
  },
  result(s) {
    if (!s.over) return undefined;
    return {
      rounds_played: s.history.length,
      rounds: s.rounds,
      stats: chshStats(s.history),
      ...(s.team_name === null ? {} : { team_name: s.team_name }),
      ...(s.timed_out.length > 0 ? { timed_out: [...s.timed_out] } : {}),
    };
  },
});
