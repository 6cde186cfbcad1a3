/**
 * `score_challenge` — what an accepted challenge starts (SPEC §8, §10). Both players play
 * something elsewhere and report their own score; the game clock, not the next report,
 * ends the game: `deadline()` is `ends_at` and the server calls `onDeadline` when it passes.
 *
 * Metadata: `duration_s` (30–3600, default 300).
 * There are no turns, so no turn timer. A report made at or after `ends_at` (before the
 * server's timer step lands) is refused with `GAME_OVER`, like any report after the end.
 *
 * Result: `{winner: user_id | null, scores: {<user_id>: number}}` — null on a tie.
 */
import { z } from 'zod';
import { action, defineGame, type Seat, type UserId, type Viewer } from './game-module.js';
import { readMetadata } from './read-metadata.js';

export const SCORE_CHALLENGE_METADATA = {
  duration_s: z.number().int().min(30).max(3600).default(300),
};

export interface ScoreChallengeState {
  players: { user_id: UserId; seat: Seat }[];
  /** By player index. */
  scores: number[];
  duration_s: number;
  started_at: number;
  ends_at: number;
  over: boolean;
}

export interface ScoreChallengeResult {
  winner: UserId | null;
  scores: Record<UserId, number>;
}

function scoresByUser(s: ScoreChallengeState): Record<UserId, number> {
  return Object.fromEntries(s.players.map((p, i) => [p.user_id, s.scores[i]]));
}

function winner(s: ScoreChallengeState): UserId | null {
  const best = Math.max(...s.scores);
  const leaders = s.players.filter((_, i) => s.scores[i] === best);
  return leaders.length === 1 ? leaders[0].user_id : null;
}

export const scoreChallenge = defineGame<ScoreChallengeState>({
  type: 'score_challenge',
  minPlayers: 2,
  maxPlayers: 2,
  metadata: SCORE_CHALLENGE_METADATA,
  setup(ctx) {
    const { duration_s } = readMetadata(SCORE_CHALLENGE_METADATA, ctx.metadata);
    return {
      players: ctx.players.map(({ user_id, seat }) => ({ user_id, seat })),
      scores: ctx.players.map(() => 0),
      duration_s,
      started_at: ctx.now,
      ends_at: ctx.now + duration_s * 1000,
      over: false,
    };
  },
  actions: {
    report_score: action(z.object({ score: z.number().int().min(0) }).strict(), (s, { score }, actor, ctx) => {
      if (s.over || ctx.now >= s.ends_at) return { reject: 'GAME_OVER', message: 'time is up' };
      const me = s.players.findIndex((p) => p.seat === actor.seat);
      if (me < 0) return { reject: 'FORBIDDEN' };
      return { state: { ...s, scores: s.scores.map((v, i) => (i === me ? score : v)) }, result: { score } };
    }),
  },
  aliases: { update_challenge_score: { action: 'report_score', payloadKeys: ['score'] } },
  view(s, viewer: Viewer) {
    return {
      scores: scoresByUser(s),
      players: s.players.map((p, i) => ({ user_id: p.user_id, seat: p.seat, score: s.scores[i] })),
      my_score: viewer.seat === null ? null : (s.scores[s.players.findIndex((p) => p.seat === viewer.seat)] ?? null),
      duration_s: s.duration_s,
      started_at: new Date(s.started_at).toISOString(),
      ends_at: new Date(s.ends_at).toISOString(),
      over: s.over,
      ...(s.over ? { winner: winner(s) } : {}),
    };
  },
  turn: () => [],
  deadline: (s) => (s.over ? null : s.ends_at),
  onDeadline: (s) => ({ state: s.over ? s : { ...s, over: true } }),
  result: (s): ScoreChallengeResult | undefined => (s.over ? { winner: winner(s), scores: scoresByUser(s) } : undefined),
});
