// Fixture: Parlor embedded as a library (SPEC §15) with one extra game, `party_quiz`,
// for 2–4 players (defaults to 4 seats), used by tests that need rooms of more than two.
// Settings come from the environment, like `npm start`.
import { z } from 'zod';
import { createParlor, defineGame, action } from '../../dist/index.js';

const partyQuiz = defineGame({
  type: 'party_quiz',
  minPlayers: 2,
  maxPlayers: 4,
  defaultMinPlayers: 4,
  setup: (ctx) => ({ players: ctx.players.map((p) => p.user_id), scores: ctx.players.map(() => 0), winner: null }),
  actions: {
    buzz: action(z.strictObject({}), (s, _p, actor) => {
      const scores = s.scores.map((n, i) => (i === actor.seat ? n + 1 : n));
      return { state: { ...s, scores, winner: scores[actor.seat] >= 3 ? actor.user_id : null } };
    }),
  },
  view: (s) => s,
  turn: (s) => (s.winner ? [] : s.players.map((_, i) => i)),
  result: (s) => (s.winner ? { winner: s.winner } : undefined),
});

const parlor = await createParlor({ games: [partyQuiz] });
const stop = () => parlor.close().then(() => process.exit(0), () => process.exit(1));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
