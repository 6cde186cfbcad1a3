/**
 * Games survive `kill -9` (SPEC §1, §7, §12): after a restart on the same DATA_DIR the
 * game is at the same version with the same state, action ids still deduplicate, and
 * pending timers (turn timer, challenge expiry) still fire. The auto-start timer across a
 * kill is in library.test.ts (it needs a game with min < max players), the score_challenge
 * deadline in games-score-challenge.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { httpEvents, poll } from '../support/games.js';

const fx = useServer({ env: { CHALLENGE_TTL_S: '15' } });

const mark = (room_id: string, cell: number, action_id?: string) => ({ room_id, action: 'mark', payload: { cell }, ...(action_id ? { action_id } : {}) });

describe('kill -9 and restart', () => {
  it('brings a game back at the same version and state, keeps action ids, and the game goes on', async () => {
    const [xi, oi] = [await fx.minted('X'), await fx.minted('O')];
    const [x, o] = [await fx.as(xi), await fx.as(oi)];
    const { room } = await x.ok('create_room', { game_type: 'tictactoe' });
    const room_id = room.room_id;
    await o.ok('join_room', { room_id });
    await x.ok('start_game', { room_id });
    expect(await x.ok('game_action', mark(room_id, 4, 'x-1'))).toEqual({ version: 1 });
    await o.ok('game_action', mark(room_id, 0));
    await x.ok('game_action', mark(room_id, 8));
    const before = { x: await x.ok('get_game_state', { room_id }), o: await o.ok('get_game_state', { room_id }), room: (await x.ok('get_room', { room_id })).room };

    await fx.server.restart('kill');
    const [x2, o2] = [await fx.as(xi), await fx.as(oi)];
    expect(x2.connected.rooms).toEqual([room_id]);
    expect(await x2.ok('get_game_state', { room_id })).toEqual(before.x);
    expect(await o2.ok('get_game_state', { room_id })).toEqual(before.o);
    const after = (await o2.ok('get_room', { room_id })).room;
    expect(after).toMatchObject({ status: 'active', version: 3, owner_id: xi.id, game_type: 'tictactoe' });
    expect(after.players.map((p: any) => [p.user_id, p.seat])).toEqual([[xi.id, 0], [oi.id, 1]]);
    expect(await o2.ok('sync', { room_id, since_version: 1 })).toEqual({ version: 3, events: [{ version: 2, user_id: oi.id, action: 'mark' }, { version: 3, user_id: xi.id, action: 'mark' }] });

    // a retry of an action sent before the crash is answered, not applied again
    expect(await x2.ok('game_action', mark(room_id, 2, 'x-1'))).toEqual({ version: 1 });
    expect((await o2.ok('game_action', mark(room_id, 2))).version).toBe(4);
    expect((await x2.waitFor('game_state', (g) => g.room_id === room_id && g.version === 4)).state.board).toEqual(['O', null, 'O', null, 'X', null, null, null, 'X']);
  });

  it('fires a pending turn timer after the restart: turn_timeout, then the timed-out player loses', async () => {
    const [xi, oi] = [await fx.minted(), await fx.minted()];
    const [x, o] = [await fx.as(xi), await fx.as(oi)];
    const { room } = await x.ok('create_room', { game_type: 'tictactoe', turn_time_limit_s: 8 });
    const room_id = room.room_id;
    await o.ok('join_room', { room_id });
    await x.ok('start_game', { room_id });
    await x.ok('game_action', mark(room_id, 0));
    const due = Date.now() + 8000;

    await fx.server.restart('kill');
    const [x2, o2] = [await fx.as(xi), await fx.as(oi)];
    const backInTime = Date.now() < due - 500; // on a loaded machine the restart may take longer than the timer
    // the timer fired in the new process, when due: the log holds its step
    const timeout = await poll(async () => (await httpEvents(fx.server, x2, room_id, 1)).body.events.find((e: any) => e.action === '$timeout'), 20_000);
    expect(timeout).toMatchObject({ version: 2, user_id: oi.id });
    expect(Date.parse(timeout.ts)).toBeGreaterThanOrEqual(due - 250);
    expect((await o2.ok('get_room', { room_id })).room.status).toBe('finished');
    expect((await x2.ok('get_match_history', { limit: 1 })).matches[0]).toMatchObject({ room_id, result: { winner: xi.id } });
    if (backInTime) {
      expect(await x2.waitFor('turn_timeout', (e) => e.room_id === room_id)).toEqual({ room_id, user_id: oi.id });
      expect((await o2.waitFor('game_over', (e) => e.room_id === room_id)).result).toEqual({ winner: xi.id });
      expect(x2.events('turn_timeout')).toHaveLength(1);
    }
  }, 40_000);

  it('keeps a pending challenge across the restart and expires it on time', async () => {
    const [ai, bi] = [await fx.minted('A'), await fx.minted('B')];
    const [a, b] = [await fx.as(ai), await fx.as(bi)];
    const { challenge } = await a.ok('challenge_player', { target_user_id: bi.id });
    const due = Date.parse(challenge.expires_at);

    await fx.server.restart('kill');
    const [a2, b2] = [await fx.as(ai), await fx.as(bi)];
    expect(b2.connected.pending_challenges).toEqual([challenge]);
    for (const c of [a2, b2]) {
      const e = await c.waitFor('challenge_expired', (x) => x.challenge.challenge_id === challenge.challenge_id, 25_000);
      expect(e).toEqual({ challenge: { ...challenge, status: 'expired' } });
    }
    expect(Date.now()).toBeGreaterThanOrEqual(due - 250);
    expect((await b2.err('respond_to_challenge', { challenge_id: challenge.challenge_id, accept: true })).code).toBe('CONFLICT');
  }, 40_000);
});
