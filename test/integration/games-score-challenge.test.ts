/**
 * `score_challenge` through real sockets (SPEC §8, §10): what an accepted challenge
 * starts. Players report their own scores (`report_score`, alias
 * `update_challenge_score`); the server's timer ends the game at `ends_at`, not the next
 * update — also when the server was killed (-9) and restarted in between.
 * The module's shortest duration is 30 s, so the main test takes about 32 s.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import type { TestClient } from '../support/client.js';
import { httpEvents } from '../support/games.js';

const fx = useServer();

/** `from` challenges `to` to a score_challenge of `duration_s`; `to` accepts. */
async function accepted(from: TestClient, to: TestClient, duration_s: number): Promise<string> {
  const { challenge } = await from.ok('challenge_player', { target_user_id: to.id, duration_s });
  expect(challenge.game_type).toBe('score_challenge');
  const { room } = await to.ok('respond_to_challenge', { challenge_id: challenge.challenge_id, accept: true });
  return room.room_id;
}

describe('score_challenge', () => {
  it('takes reports through report_score and update_challenge_score, and ends by the server timer at ends_at, across a kill -9', async () => {
    const ids = [await fx.minted('Ada'), await fx.minted('Bea'), await fx.minted('Cy'), await fx.minted('Di')];
    const [a, b, c, d] = await Promise.all(ids.map((i) => fx.as(i)));
    const win = await accepted(a!, b!, 30);
    const tie = await accepted(c!, d!, 30);
    const { state } = await a!.ok('get_game_state', { room_id: win });
    const endsAt = Date.parse(state.ends_at);
    expect(endsAt - Date.parse(state.started_at)).toBe(30_000);
    expect(state).toEqual({
      scores: { [a!.id]: 0, [b!.id]: 0 }, players: [{ user_id: a!.id, seat: 0, score: 0 }, { user_id: b!.id, seat: 1, score: 0 }],
      my_score: 0, duration_s: 30, started_at: expect.any(String), ends_at: state.ends_at, over: false,
    });

    expect(await a!.ok('game_action', { room_id: win, action: 'report_score', payload: { score: 5 } })).toEqual({ version: 1, result: { score: 5 } });
    expect(await b!.ok('update_challenge_score', { room_id: win, score: 3 })).toEqual({ version: 2, result: { score: 3 } });
    const seen = await b!.waitFor('game_state', (g) => g.room_id === win && g.version === 2);
    expect(seen.state).toMatchObject({ scores: { [a!.id]: 5, [b!.id]: 3 }, my_score: 3, over: false });
    expect((await a!.ok('get_game_state', { room_id: win })).state.my_score).toBe(5);
    expect(await b!.err('update_challenge_score', { room_id: win, score: -1 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'score' });
    expect(await b!.err('update_challenge_score', { room_id: win, score: 2.5 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'score' });
    expect(await b!.err('game_action', { room_id: win, action: 'report_score', payload: { score: '9' } })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.score' });
    expect((await c!.err('update_challenge_score', { room_id: win, score: 1 })).code).toBe('NOT_FOUND'); // a private room of others
    await c!.ok('update_challenge_score', { room_id: tie, score: 7 });
    await d!.ok('update_challenge_score', { room_id: tie, score: 7 });

    await fx.server.restart('kill');
    const [a2, b2, c2, d2] = await Promise.all(ids.map((i) => fx.as(i)));
    expect((await a2!.ok('get_game_state', { room_id: win })).state.scores).toEqual({ [a!.id]: 5, [b!.id]: 3 });
    expect(await a2!.ok('update_challenge_score', { room_id: win, score: 8 })).toEqual({ version: 3, result: { score: 8 } });
    const lastReport = Date.now();
    expect(endsAt - lastReport).toBeGreaterThan(5_000); // nothing but the clock can end it now

    const wait = endsAt - Date.now() + 15_000;
    const [overWin, overTie] = await Promise.all([b2!.waitFor('game_over', (e) => e.room_id === win, wait), c2!.waitFor('game_over', (e) => e.room_id === tie, wait)]);
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt - 50);
    const end = (await httpEvents(fx.server, a2!, win, 3)).body.events;
    expect(end).toEqual([{ version: 4, user_id: null, action: '$deadline', ts: expect.any(String) }]); // a server step, not a report
    expect(Date.parse(end[0].ts)).toBeGreaterThanOrEqual(endsAt);
    expect(Date.parse(end[0].ts)).toBeLessThan(endsAt + 3000);
    expect(overWin).toEqual({ room_id: win, result: { winner: a!.id, scores: { [a!.id]: 8, [b!.id]: 3 } } });
    expect(overTie).toEqual({ room_id: tie, result: { winner: null, scores: { [c!.id]: 7, [d!.id]: 7 } } });
    expect(await a2!.waitFor('game_over', (e) => e.room_id === win)).toEqual(overWin);
    expect(await d2!.waitFor('game_over', (e) => e.room_id === tie)).toEqual(overTie);

    const final = await a2!.ok('get_game_state', { room_id: win });
    expect(final).toMatchObject({ version: 4, state: { over: true, winner: a!.id } });
    expect((await b2!.err('update_challenge_score', { room_id: win, score: 99 })).code).toBe('GAME_OVER');
    expect((await a2!.ok('get_room', { room_id: win })).room.status).toBe('finished');
    expect((await b2!.ok('get_match_history', { limit: 1 })).matches[0]).toMatchObject({ room_id: win, game_type: 'score_challenge', players: [a!.id, b!.id], result: overWin.result });
  }, 90_000);
});
