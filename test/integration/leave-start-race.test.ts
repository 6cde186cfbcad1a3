/**
 * A player leaves at the same instant as the owner starts the game (SPEC §5 leave_room,
 * start_game). Whichever lands first, the room stays whole: either the game never started
 * (too few players) or it started and the leaver forfeited it. Never an active game that
 * lost a seated player without a forfeit (it could not go on: nobody would make that
 * seat's moves, and no turn timer would fire for a player who is not in the room).
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';

const fx = useServer();

describe('leave_room racing start_game', () => {
  it('either keeps the game from starting or forfeits it for the leaver (40 races)', async () => {
    const outcomes = { notStarted: 0, forfeited: 0 };
    for (let i = 0; i < 40; i++) {
      const [a, b] = [await fx.guest(), await fx.guest()];
      const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
      const room_id = room.room_id;
      await b.ok('join_room', { room_id });
      // sent in one order or the other: each lands first in some races
      const start = () => a.request('start_game', { room_id });
      const leave = () => b.request('leave_room', { room_id });
      const [started, left] = i % 2 ? await Promise.all([start(), leave()]) : await Promise.all([leave(), start()]).then(([l, s]) => [s, l]);
      expect(left.success).toBe(true);
      const after = (await a.ok('get_room', { room_id })).room;
      expect(after.players.map((p: { user_id: string }) => p.user_id)).toEqual([a.id]);
      if (started.success) {
        // the leaver's seat is given up by the module's forfeit rule: the other player wins
        expect(after.status).toBe('finished');
        expect((await a.ok('get_game_state', { room_id })).state).toMatchObject({ turn: null, winner: a.id });
        outcomes.forfeited++;
      } else {
        expect(started.error!.code).toBe('CONFLICT');
        expect(after.status).toBe('waiting');
        outcomes.notStarted++;
      }
      a.close();
      b.close();
    }
    expect(outcomes.notStarted + outcomes.forfeited).toBe(40);
    expect(outcomes.forfeited).toBeGreaterThan(0); // the case of the race: started, then the leave came
  }, 60_000);
});
