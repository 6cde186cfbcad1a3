/** The HTTP API (SPEC §2): health, readiness, stats, room listings and details, error bodies. */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { TestClient, mint, sleep } from '../support/client.js';

const fx = useServer();
const get = async (p: string, headers: Record<string, string> = {}) => {
  const r = await fetch(`${fx.server.url}${p}`, { headers });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as any) : await r.text() };
};
const post = async (p: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
  const r = await fetch(`${fx.server.url}${p}`, { method: 'POST', headers, body });
  return { status: r.status, body: (await r.json()) as any };
};
const errorBody = (code: string) => ({ success: false, error: { code, message: expect.any(String) } });

describe('HTTP API', () => {
  it('answers /health and /ready with 200 while the stores answer', async () => {
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await get('/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('counts connections, online users and rooms by status in /api/stats', async () => {
    expect((await get('/api/stats')).body).toEqual({ connections: 0, users_online: 0, rooms: { waiting: 0, active: 0, finished: 0 }, nodes: 1 });
    const a = await fx.user();
    const a2 = await TestClient.connect(fx.server, { token: a.token, id: a.id, name: a.name });
    fx.track(a2);
    const b = await fx.user();
    await a.ok('create_room', { game_type: 'chat' });
    const closed = (await a.ok('create_room', { game_type: 'chat' })).room.room_id;
    await a.ok('close_room', { room_id: closed });
    const game = (await a.ok('create_room', { game_type: 'tictactoe' })).room.room_id;
    await b.ok('join_room', { room_id: game });
    await a.ok('start_game', { room_id: game });
    const done = (await b.ok('create_room', { game_type: 'tictactoe' })).room.room_id;
    await a.ok('join_room', { room_id: done });
    await b.ok('start_game', { room_id: done });
    // b is X (seat 0): X takes the top row
    for (const [who, cell] of [[b, 0], [a, 3], [b, 1], [a, 4], [b, 2]] as const) await who.ok('game_action', { room_id: done, action: 'mark', payload: { cell } });
    await a.waitFor('game_over', (d) => d.room_id === done);
    expect((await get('/api/stats')).body).toEqual({ connections: 3, users_online: 2, rooms: { waiting: 1, active: 1, finished: 1 }, nodes: 1 });
    a2.close();
    b.close();
    await sleep(200);
    expect((await get('/api/stats')).body).toMatchObject({ connections: 1, users_online: 1 });
  });

  it('serves a public room at /api/rooms/:id, and a private one only to a member’s Bearer token', async () => {
    const a = await fx.user();
    const pub = (await a.ok('create_room', { game_type: 'chat', metadata: { m: 1 } })).room;
    const r = await get(`/api/rooms/${pub.room_id}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ room: { ...pub, version: expect.any(Number) } });
    const priv = (await a.ok('create_room', { game_type: 'chat', permission: 'private' })).room;
    expect(await get(`/api/rooms/${priv.room_id}`)).toMatchObject({ status: 404, body: errorBody('NOT_FOUND') });
    expect(await get(`/api/rooms/${priv.room_id}`, { authorization: 'Bearer not-a-token' })).toMatchObject({ status: 404, body: errorBody('NOT_FOUND') });
    const admin = await mint(fx.server, { roles: ['admin'] });
    expect((await get(`/api/rooms/${priv.room_id}`, { authorization: `Bearer ${admin.token}` })).status).toBe(200);
    expect((await get(`/api/rooms/${priv.room_id}`, { authorization: `Bearer ${a.token}` })).body.room.room_id).toBe(priv.room_id);
    expect(await get('/api/rooms/room_does_not_exist')).toMatchObject({ status: 404, body: errorBody('NOT_FOUND') });
  });

  it('lists public rooms at /api/rooms with game_type, has_space and include_active filters', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const chat = (await a.ok('create_room', { game_type: 'chat' })).room.room_id;
    const full = (await a.ok('create_room', { game_type: 'tictactoe' })).room.room_id;
    await b.ok('join_room', { room_id: full });
    const priv = (await a.ok('create_room', { game_type: 'chat', permission: 'private' })).room.room_id;
    const ids = (r: any) => r.body.rooms.map((x: any) => x.room_id);
    const all = await get('/api/rooms');
    expect(all.status).toBe(200);
    expect(ids(all)).toContain(chat);
    expect(ids(all)).not.toContain(full);
    expect(ids(all)).not.toContain(priv);
    expect(all.body.rooms.find((x: any) => x.room_id === chat)).toMatchObject({ player_count: 1, game_type: 'chat', permission: 'public' });
    expect(ids(await get('/api/rooms?has_space=false'))).toContain(full);
    expect(ids(await get('/api/rooms?game_type=tictactoe&has_space=false')).every((id: string) => id !== chat)).toBe(true);
    await a.ok('start_game', { room_id: full });
    expect(ids(await get('/api/rooms?has_space=false'))).not.toContain(full);
    expect(ids(await get('/api/rooms?has_space=false&include_active=true'))).toContain(full);
    expect((await get('/api/rooms?limit=1')).body.rooms).toHaveLength(1);
    for (const q of ['limit=abc', 'limit=0', 'limit=201', 'has_space=maybe']) {
      const r = await get(`/api/rooms?${q}`);
      expect({ q, status: r.status, code: r.body.error?.code }).toEqual({ q, status: 400, code: 'VALIDATION_ERROR' });
    }
  });

  it('uses the socket error body for HTTP errors and never leaks internals', async () => {
    expect(await get('/no/such/path')).toMatchObject({ status: 404, body: errorBody('NOT_FOUND') });
    const bad = await post('/auth/guest', '{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(errorBody('VALIDATION_ERROR'));
    expect(JSON.stringify(bad.body)).not.toMatch(/\/work|node_modules|at \w+ \(/);
    const extra = await post('/auth/guest', JSON.stringify({ name: 'Ann', admin: true }));
    expect(extra).toMatchObject({ status: 400, body: { success: false, error: { code: 'VALIDATION_ERROR', field: 'admin' } } });
    const big = await post('/auth/guest', JSON.stringify({ name: 'x'.repeat(100 * 1024) }));
    expect(big).toMatchObject({ status: 413, body: errorBody('PAYLOAD_TOO_LARGE') });
    const proto = await post('/auth/guest', '{"name":"Ann","__proto__":{"admin":true}}');
    expect(proto).toMatchObject({ status: 400, body: { success: false, error: { code: 'VALIDATION_ERROR' } } });
    // still serving
    expect((await post('/auth/guest', JSON.stringify({ name: 'Ann' }))).status).toBe(200);
  });

  it('exposes the SPEC metrics at /metrics', async () => {
    const r = await get('/metrics');
    expect(r.status).toBe(200);
    for (const name of ['parlor_connected_sockets', 'parlor_users_online', 'parlor_rooms', 'parlor_events_total', 'parlor_event_duration_seconds', 'parlor_broadcasts_total', 'process_cpu_user_seconds_total']) {
      expect(r.body).toContain(name);
    }
  });
});
