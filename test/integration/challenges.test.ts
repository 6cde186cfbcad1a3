/**
 * Player-to-player challenges (SPEC §10) through real sockets: validation, live and
 * offline delivery, accept (a private started room), decline, cancel, expiry.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { guest, type TestClient } from '../support/client.js';
import { ISO } from '../support/games.js';

const TTL_S = 2;
const fx = useServer({ env: { CHALLENGE_TTL_S: String(TTL_S) } });

const challengeOf = (e: { challenge: { challenge_id: string } }) => e.challenge.challenge_id;

async function send(from: TestClient, to: { id: string }, extra: Record<string, unknown> = {}) {
  return (await from.ok('challenge_player', { target_user_id: to.id, ...extra })).challenge;
}

describe('challenge_player', () => {
  it('refuses yourself, unknown users, unknown games and bad fields, and a sixth pending challenge', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    expect(await a.err('challenge_player', { target_user_id: a.id })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'target_user_id' });
    expect((await a.err('challenge_player', { target_user_id: 'guest_nobody' })).code).toBe('NOT_FOUND');
    expect(await a.err('challenge_player', { target_user_id: b.id, game_type: 'chess' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'game_type' });
    expect(await a.err('challenge_player', { target_user_id: b.id, duration_s: 29 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'duration_s' });
    expect(await a.err('challenge_player', { target_user_id: b.id, duration_s: 3601 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'duration_s' });
    expect(await a.err('challenge_player', { target_user_id: b.id, message: 'x'.repeat(281) })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'message' });
    expect(await a.err('challenge_player', { target_user_id: b.id, colour: 'red' })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'colour' });

    const targets = [b, await fx.guest(), await fx.guest()];
    const sent = await Promise.all([0, 1, 2, 3, 4].map((i) => send(a, targets[i % 3]!)));
    expect(new Set(sent.map((c) => c.challenge_id)).size).toBe(5);
    const sixth = await a.err('challenge_player', { target_user_id: b.id });
    expect(sixth.code).toBe('RATE_LIMITED');
    expect(sixth.retry_after_ms).toBeGreaterThan(0);
    expect(sixth.retry_after_ms).toBeLessThanOrEqual(TTL_S * 1000);
    // the limit is per challenger
    await send(b, a);
  });

  it('delivers challenge_received live with the full challenge', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const c = await send(a, b, { message: 'best of one?', duration_s: 60 });
    expect(c).toEqual({
      challenge_id: expect.any(String), from_user_id: a.id, to_user_id: b.id, game_type: 'score_challenge', duration_s: 60,
      message: 'best of one?', status: 'pending', created_at: expect.stringMatching(ISO), expires_at: expect.stringMatching(ISO),
    });
    expect(Date.parse(c.expires_at) - Date.parse(c.created_at)).toBe(TTL_S * 1000);
    expect(await b.waitFor('challenge_received', (e) => challengeOf(e) === c.challenge_id)).toEqual({ challenge: c });
    expect(a.events('challenge_received')).toEqual([]);
    const defaults = await send(a, b);
    expect(defaults).toMatchObject({ game_type: 'score_challenge', duration_s: 300 });
    expect(defaults.message).toBeUndefined();
  });

  it('hands an offline target the challenge in connected.pending_challenges', async () => {
    const a = await fx.guest();
    const offline = await guest(fx.server, 'Sleepy'); // known to the fx.server, no socket yet
    const c = await send(a, offline);
    const b = await fx.as(offline);
    expect(b.connected.pending_challenges).toEqual([c]);
    await b.ok('respond_to_challenge', { challenge_id: c.challenge_id, accept: false });
    const again = await fx.as(offline);
    expect(again.connected.pending_challenges).toEqual([]);
  });
});

describe('answering a challenge', () => {
  it('accepting starts a private score_challenge room for both, challenger in seat 0, and tells both', async () => {
    const [a, b, outsider] = [await fx.guest('Chal'), await fx.guest('Targ'), await fx.guest()];
    const c = await send(a, b, { duration_s: 120 });
    const reply = await b.ok('respond_to_challenge', { challenge_id: c.challenge_id, accept: true });
    expect(reply.challenge).toEqual({ ...c, status: 'accepted' });
    const room = reply.room;
    expect(room).toMatchObject({ game_type: 'score_challenge', permission: 'private', status: 'active', max_players: 2, min_players: 2, metadata: { duration_s: 120 } });
    expect(room.players.map((p: any) => [p.user_id, p.seat])).toEqual([[a.id, 0], [b.id, 1]]);
    for (const who of [a, b]) {
      expect(await who.waitFor('challenge_accepted', (e) => challengeOf(e) === c.challenge_id)).toEqual({ challenge: reply.challenge, room: expect.objectContaining({ room_id: room.room_id, status: 'active' }) });
      expect(await who.waitFor('game_started', (e) => e.room_id === room.room_id)).toEqual({ room_id: room.room_id, version: 0 });
      const { state } = await who.ok('get_game_state', { room_id: room.room_id });
      expect(state).toMatchObject({ duration_s: 120, over: false, my_score: 0, scores: { [a.id]: 0, [b.id]: 0 } });
      expect(Date.parse(state.ends_at) - Date.parse(state.started_at)).toBe(120_000);
    }
    // only the two of them: the room is private and limited to them
    expect((await outsider.err('join_room', { room_id: room.room_id, as: 'spectator' })).code).toBe('FORBIDDEN');
    expect((await outsider.err('get_room', { room_id: room.room_id })).code).toBe('NOT_FOUND');
    const listed = await outsider.ok('get_public_rooms', { include_active: true, has_space: false });
    expect(listed.rooms.map((r: any) => r.room_id)).not.toContain(room.room_id);

    expect((await b.err('respond_to_challenge', { challenge_id: c.challenge_id, accept: true })).code).toBe('CONFLICT');
    expect((await b.err('respond_to_challenge', { challenge_id: c.challenge_id, accept: false })).code).toBe('CONFLICT');
    expect((await a.err('cancel_challenge', { challenge_id: c.challenge_id })).code).toBe('CONFLICT');
  });

  it('a challenge for another game starts that game with the challenger moving first', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const c = await send(a, b, { game_type: 'tictactoe' });
    const { room } = await b.ok('respond_to_challenge', { challenge_id: c.challenge_id, accept: true });
    expect(room).toMatchObject({ game_type: 'tictactoe', status: 'active', permission: 'private' });
    expect((await b.ok('get_game_state', { room_id: room.room_id })).state.turn).toBe(a.id);
    expect(await a.ok('game_action', { room_id: room.room_id, action: 'mark', payload: { cell: 4 } })).toEqual({ version: 1 });
  });

  it('declining tells both, and only the target may answer', async () => {
    const [a, b, c3] = [await fx.guest(), await fx.guest(), await fx.guest()];
    const c = await send(a, b);
    expect((await a.err('respond_to_challenge', { challenge_id: c.challenge_id, accept: true })).code).toBe('FORBIDDEN');
    expect((await c3.err('respond_to_challenge', { challenge_id: c.challenge_id, accept: true })).code).toBe('NOT_FOUND');
    expect((await b.err('respond_to_challenge', { challenge_id: 'ch_missing', accept: true })).code).toBe('NOT_FOUND');
    const reply = await b.ok('respond_to_challenge', { challenge_id: c.challenge_id, accept: false });
    expect(reply).toEqual({ challenge: { ...c, status: 'declined' } });
    for (const who of [a, b]) expect(await who.waitFor('challenge_declined', (e) => challengeOf(e) === c.challenge_id)).toEqual({ challenge: reply.challenge });
    expect((await b.err('respond_to_challenge', { challenge_id: c.challenge_id, accept: true })).code).toBe('CONFLICT');
    expect((await a.ok('get_user_rooms')).rooms).toEqual([]);
  });

  it('only the challenger may cancel; both hear of it and it can no longer be answered', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const c = await send(a, b);
    expect((await b.err('cancel_challenge', { challenge_id: c.challenge_id })).code).toBe('FORBIDDEN');
    const reply = await a.ok('cancel_challenge', { challenge_id: c.challenge_id });
    expect(reply).toEqual({ challenge: { ...c, status: 'cancelled' } });
    for (const who of [a, b]) expect(await who.waitFor('challenge_cancelled', (e) => challengeOf(e) === c.challenge_id)).toEqual({ challenge: reply.challenge });
    expect((await b.err('respond_to_challenge', { challenge_id: c.challenge_id, accept: true })).code).toBe('CONFLICT');
    expect((await a.err('cancel_challenge', { challenge_id: c.challenge_id })).code).toBe('CONFLICT');
  });

  it('lets exactly one of a racing accept and cancel win', async () => {
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await fx.guest(), await fx.guest()];
      const c = await send(a, b);
      const [accept, cancel] = await Promise.all([
        b.request('respond_to_challenge', { challenge_id: c.challenge_id, accept: true }),
        a.request('cancel_challenge', { challenge_id: c.challenge_id }),
      ]);
      expect([accept.success, cancel.success].filter(Boolean)).toHaveLength(1);
      expect((accept.success ? cancel : accept).error!.code).toBe('CONFLICT');
      const rooms = (await a.ok('get_user_rooms')).rooms;
      expect(rooms).toHaveLength(accept.success ? 1 : 0);
    }
  });

  it('expires an unanswered challenge after CHALLENGE_TTL_S and tells both', async () => {
    const [a, b] = [await fx.guest(), await fx.guest()];
    const c = await send(a, b);
    const t0 = Date.now();
    for (const who of [a, b]) {
      const e = await who.waitFor('challenge_expired', (x) => challengeOf(x) === c.challenge_id, (TTL_S + 3) * 1000);
      expect(e).toEqual({ challenge: { ...c, status: 'expired' } });
    }
    expect(Date.now() - t0).toBeGreaterThanOrEqual(TTL_S * 1000 - 300);
    expect((await b.err('respond_to_challenge', { challenge_id: c.challenge_id, accept: true })).code).toBe('CONFLICT');
    const back = await fx.as({ token: b.token, id: b.id, name: b.name });
    expect(back.connected.pending_challenges).toEqual([]);
  });
});
