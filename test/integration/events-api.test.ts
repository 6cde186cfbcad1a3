/**
 * GET /api/rooms/:id/events?since=N (SPEC §2, §7): a room's event log over HTTP, for
 * members only, as each member's view allows — no payloads, and a step's result only to
 * the member who made it.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';

const fx = useServer();
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function events(roomId: string, token: string | null, query = ''): Promise<{ status: number; body: any }> {
  const r = await fetch(`${fx.server.url}/api/rooms/${encodeURIComponent(roomId)}/events${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: r.status, body: await r.json() };
}

/** A started two-player game of `gameType` between fresh guests a (seat 0) and b (seat 1). */
async function game(gameType: string, metadata?: Record<string, string | number>) {
  const a = await fx.guest('Ann');
  const b = await fx.guest('Ben');
  const { room } = await a.ok('create_room', { game_type: gameType, ...(metadata ? { metadata } : {}) });
  await b.ok('join_room', { room_id: room.room_id });
  await a.ok('start_game', { room_id: room.room_id });
  return { a, b, roomId: room.room_id as string };
}

describe('GET /api/rooms/:id/events', () => {
  it('gives a member every event after `since`, oldest first, with ISO times and no payloads', async () => {
    const { a, b, roomId } = await game('tictactoe');
    const before = Date.now();
    await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 0 } });
    await b.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 4 } });
    await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 8 } });

    const all = await events(roomId, a.token);
    expect(all.status).toBe(200);
    expect(Object.keys(all.body)).toEqual(['events']);
    expect(all.body.events.map((e: any) => [e.version, e.user_id, e.action])).toEqual([
      [1, a.id, 'mark'],
      [2, b.id, 'mark'],
      [3, a.id, 'mark'],
    ]);
    for (const e of all.body.events) {
      expect(e.ts).toMatch(ISO);
      expect(Date.parse(e.ts)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(e.ts)).toBeLessThanOrEqual(Date.now() + 1000);
      for (const key of Object.keys(e)) expect(['version', 'user_id', 'action', 'result', 'ts']).toContain(key);
    }
    expect(JSON.stringify(all.body)).not.toMatch(/payload|"cell"/);

    expect((await events(roomId, b.token, '?since=0')).body.events.map((e: any) => e.version)).toEqual([1, 2, 3]);
    expect((await events(roomId, b.token, '?since=1')).body.events.map((e: any) => e.version)).toEqual([2, 3]);
    expect((await events(roomId, b.token, '?since=3')).body).toEqual({ events: [] });
    expect((await events(roomId, b.token, '?since=1000')).body).toEqual({ events: [] });
  });

  it('lets a spectator read the log, which is membership too', async () => {
    const { a, roomId } = await game('tictactoe');
    await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 2 } });
    const watcher = await fx.guest();
    await watcher.ok('join_room', { room_id: roomId, as: 'spectator' });
    const r = await events(roomId, watcher.token);
    expect(r.status).toBe(200);
    expect(r.body.events).toEqual([{ version: 1, user_id: a.id, action: 'mark', ts: expect.stringMatching(ISO) }]);
  });

  it('answers an empty list for a room without a game', async () => {
    const a = await fx.guest();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await a.ok('send_message', { room_id: room.room_id, text: 'hello' });
    expect(await events(room.room_id, a.token)).toEqual({ status: 200, body: { events: [] } });
  });

  it('refuses a non-member with a 4xx error body, and does not reveal a private room', async () => {
    const { a, roomId } = await game('tictactoe');
    await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 0 } });
    const outsider = await fx.guest();
    const r = await events(roomId, outsider.token);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body).toMatchObject({ success: false, error: { code: expect.stringMatching(/^(FORBIDDEN|NOT_IN_ROOM)$/) } });
    expect(JSON.stringify(r.body)).not.toContain('mark');

    // A private room answers exactly as a room that does not exist.
    const owner = await fx.guest();
    const { room } = await owner.ok('create_room', { game_type: 'chat', permission: 'private' });
    const hidden = await events(room.room_id, outsider.token);
    const missing = await events('room_no_such_room', outsider.token);
    expect(missing).toEqual({ status: 404, body: { success: false, error: { code: 'NOT_FOUND', message: expect.any(String) } } });
    expect(hidden).toEqual(missing);
  });

  it('answers 401 without a token or with a bad one', async () => {
    const { roomId } = await game('tictactoe');
    const none = await events(roomId, null);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ success: false, error: { code: 'AUTH_REQUIRED' } });
    const bad = await events(roomId, 'abc.def.ghi');
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ success: false, error: { code: 'AUTH_INVALID' } });
  });

  it('answers 400 VALIDATION_ERROR for a `since` that is not a non-negative integer', async () => {
    const { a, roomId } = await game('tictactoe');
    for (const since of ['-1', 'abc', '1.5', '1e999']) {
      const r = await events(roomId, a.token, `?since=${since}`);
      expect({ since, status: r.status, code: r.body.error?.code }).toEqual({ since, status: 400, code: 'VALIDATION_ERROR' });
    }
  });

  it('never shows a chsh player the partner’s question, answer or result', async () => {
    const { a, b, roomId } = await game('chsh', { team_name: 'Qubits', rounds: 4 });
    const qa1 = (await a.ok('get_game_state', { room_id: roomId })).state.my_question;
    const qb1 = (await b.ok('get_game_state', { room_id: roomId })).state.my_question;
    const ra1 = await a.ok('game_action', { room_id: roomId, action: 'answer', payload: { round: 1, answer: true } });
    const rb1 = await b.ok('submit_answer', { room_id: roomId, round: 1, answer: false });
    expect(rb1.result).toMatchObject({ round: 1, round_complete: true, won: expect.any(Boolean) });

    // Round 2: Ann has answered, Ben has not.
    const qa2 = (await a.ok('get_game_state', { room_id: roomId })).state.my_question;
    const qb2 = (await b.ok('get_game_state', { room_id: roomId })).state.my_question;
    await a.ok('game_action', { room_id: roomId, action: 'answer', payload: { round: 2, answer: false } });

    const forBen = (await events(roomId, b.token)).body.events;
    expect(forBen.map((e: any) => [e.version, e.user_id, e.action])).toEqual([
      [1, a.id, 'answer'],
      [2, b.id, 'answer'],
      [3, a.id, 'answer'],
    ]);
    expect(forBen[0]).not.toHaveProperty('result');
    expect(forBen[2]).not.toHaveProperty('result');
    expect(forBen[1].result).toEqual(rb1.result);
    const benText = JSON.stringify(forBen);
    expect(benText).not.toMatch(/"answer":|payload|question|schedule/);
    // Ann's round-2 question is hers alone: none of the question letters appear.
    expect(benText).not.toMatch(/"[ABXY]"/);
    expect([qa1, qa2]).toEqual([expect.stringMatching(/^[AB]$/), expect.stringMatching(/^[AB]$/)]);
    expect([qb1, qb2]).toEqual([expect.stringMatching(/^[XY]$/), expect.stringMatching(/^[XY]$/)]);

    const forAnn = (await events(roomId, a.token, '?since=0')).body.events;
    expect(forAnn[0].result).toEqual(ra1.result);
    expect(forAnn[1]).not.toHaveProperty('result'); // Ben's result (who won) is his reply only
    expect(JSON.stringify(forAnn)).not.toMatch(/"[XY]"|"won"/);

    const spectator = await fx.guest();
    await spectator.ok('join_room', { room_id: roomId, as: 'spectator' });
    const forSpectator = (await events(roomId, spectator.token)).body.events;
    for (const e of forSpectator) expect(e).not.toHaveProperty('result');
  });

  it('still serves a member the log of a closed room', async () => {
    const { a, b, roomId } = await game('tictactoe');
    await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 0 } });
    await a.ok('close_room', { room_id: roomId });
    const r = await events(roomId, b.token);
    expect(r.status).toBe(200);
    expect(r.body.events.map((e: any) => e.version)).toEqual([1]);
  });
});
