/**
 * Test fixture: Parlor as a library (SPEC §15) with one extra module, `faulty`, whose
 * `explode` action throws like a bug deep in a store would (an error text naming SQL and a
 * source path). Lets a test see what an INTERNAL failure logs and what the client gets.
 * Settings come from the environment, as for `dist/main.js`.
 */
import { z } from 'zod';
import { createParlor, defineGame, action } from '../../dist/index.js';

const faulty = defineGame({
  type: 'faulty',
  minPlayers: 1,
  maxPlayers: 2,
  setup: () => ({ n: 0 }),
  actions: {
    explode: action(z.object({}).strict(), () => {
      throw new Error('SQLITE_ERROR: near "DROP": syntax error (SELECT secret_column FROM parlor_rooms) at /srv/parlor/src/store/sql/secret-store.ts:42');
    }),
    tick: action(z.object({}).strict(), (s) => ({ state: { n: s.n + 1 } })),
  },
  view: (s) => s,
  turn: () => [0],
  result: () => undefined,
});

const parlor = await createParlor({ games: [faulty] });
process.on('SIGTERM', () => void parlor.close().then(() => process.exit(0)));
