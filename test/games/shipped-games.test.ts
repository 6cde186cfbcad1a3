/**
 * One contract suite run against every shipped module: the rules the engine relies on
 * (SPEC §7, game-module.ts) rather than any one game's rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chsh, diceBaseball, scoreChallenge, shippedGames, tictactoe } from '../../src/games/index.js';
import { GameDriver, assertJson, scribble } from './play.js';
import { Picker, moveMaker, playMove } from './random-moves.js';

describe('shippedGames', () => {
  it('lists the four modules, each exported by name', () => {
    expect(shippedGames).toEqual([tictactoe, chsh, scoreChallenge, diceBaseball]);
    expect(shippedGames.map((g) => g.type)).toEqual(['tictactoe', 'chsh', 'score_challenge', 'dice_baseball']);
  });
});

for (const game of shippedGames) {
  describe(`${game.type} (module contract)`, () => {
    it('has a valid type name and two-player bounds', () => {
      expect(game.type).toMatch(/^[a-z0-9_]{1,64}$/);
      expect(game.minPlayers).toBe(2);
      expect(game.maxPlayers).toBe(2);
    });

    it('declares metadata schemas that accept an absent value', () => {
      for (const schema of Object.values(game.metadata ?? {})) expect(schema.safeParse(undefined).success).toBe(true);
    });

    it('rejects unknown payload fields in every action and query schema', () => {
      for (const def of [...Object.values(game.actions), ...Object.values(game.queries ?? {})]) {
        expect(def.schema.safeParse({ not_a_field: 1 }).success).toBe(false);
      }
    });

    it('maps every alias to an action whose payload fields are exactly the alias keys', () => {
      for (const [event, alias] of Object.entries(game.aliases ?? {})) {
        const schema = game.actions[alias.action]?.schema;
        expect(schema, event).toBeInstanceOf(z.ZodObject);
        expect(Object.keys((schema as z.ZodObject).shape).sort()).toEqual([...alias.payloadKeys].sort());
      }
    });

    it('random play: every state and view is plain JSON, views are fresh, refusals change nothing, and the log replays', () => {
      const makeMove = moveMaker(game);
      fc.assert(
        fc.property(fc.string({ maxLength: 6 }), fc.array(fc.nat(), { minLength: 50, maxLength: 1500, size: 'max' }), (seed, picks) => {
          const d = new GameDriver(game, { seed, metadata: game.type === 'dice_baseball' ? { innings: 2 } : game.type === 'chsh' ? { rounds: 12 } : {} });
          const pick = new Picker(picks);
          while (!pick.done && game.result(d.state) === undefined) {
            // The driver deep-freezes every state it hands over, so a module mutating its input throws here.
            const before = d.state;
            const reply = playMove(d, makeMove(d.state, pick));
            if (!reply.ok) expect(d.state).toBe(before);
            for (const seat of [0, 1, null]) {
              const view = d.view(seat);
              expect(() => scribble(view)).not.toThrow();
            }
            for (const seat of game.turn(d.state)) expect([0, 1]).toContain(seat);
          }
          const result = game.result(d.state);
          if (result !== undefined) {
            assertJson(result, 'result');
            expect(game.turn(d.state)).toEqual([]);
          }
          expect(d.replay()).toEqual(d.state);
        }),
        { numRuns: game.type === 'dice_baseball' ? 30 : 100, endOnFailure: true }, // long pick arrays shrink slowly
      );
    });
  });
}
