/**
 * Live feeds (SPEC §11) and the admin broadcast (SPEC §2): subscribing, the throttled
 * lobby, the periodic stats, the hosts' CHSH dashboard, and POST /api/broadcast.
 *
 * A new subscriber gets the topic's current picture at once (right after the reply), so
 * each test first waits for that snapshot and then looks at what follows.
 */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { TestClient, mint, sleep } from '../support/client.js';

const fx = useServer();
const withRoles = async (roles: string[], name?: string) => fx.track(await TestClient.connect(fx.server, await mint(fx.server, { roles, name })));

/** Subscribes and returns the snapshot pushed right after the reply, with its arrival index in the log. */
async function subscribe(c: TestClient, topic: string, event: string): Promise<{ snapshot: any; index: number }> {
  expect(await c.ok('subscribe', { topic })).toEqual({ topic });
  const snapshot = await c.waitFor(event);
  return { snapshot, index: c.log.findIndex((e) => e.data === snapshot) };
}

/** Records the arrival time of every `event` push (keyed by the payload object). */
function timed(c: TestClient, event: string, times: Map<unknown, number>): void {
  c.sock.on(event, (d: unknown) => times.set(d, Date.now()));
}

async function http(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${fx.server.url}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  return { status: r.status, body: await r.json() };
}

describe('subscribe and unsubscribe', () => {
  it('answers {topic} for every topic a user may read, and NOT_FOUND for an unknown topic', async () => {
    const g = await fx.guest();
    expect(await g.ok('subscribe', { topic: 'lobby' })).toEqual({ topic: 'lobby' });
    expect(await g.ok('subscribe', { topic: 'stats' })).toEqual({ topic: 'stats' });
    expect(await g.ok('unsubscribe', { topic: 'lobby' })).toEqual({ topic: 'lobby' });
    expect(await g.ok('unsubscribe', { topic: 'stats' })).toEqual({ topic: 'stats' });
    expect((await g.err('subscribe', { topic: 'weather' })).code).toBe('NOT_FOUND');
    expect((await g.err('unsubscribe', { topic: 'weather' })).code).toBe('NOT_FOUND');
    expect(await g.err('subscribe', {})).toMatchObject({ code: 'VALIDATION_ERROR', field: 'topic' });
    expect(await g.err('subscribe', { topic: 'lobby', extra: 1 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'extra' });
  });

  it('keeps the CHSH dashboard for hosts and admins: a guest gets FORBIDDEN', async () => {
    const g = await fx.guest();
    expect((await g.err('subscribe', { topic: 'chsh_dashboard' })).code).toBe('FORBIDDEN');
    const player = await withRoles(['player']);
    expect((await player.err('subscribe', { topic: 'chsh_dashboard' })).code).toBe('FORBIDDEN');
    const host = await withRoles(['host']);
    expect(await host.ok('subscribe', { topic: 'chsh_dashboard' })).toEqual({ topic: 'chsh_dashboard' });
    const admin = await withRoles(['admin']);
    expect(await admin.ok('subscribe', { topic: 'chsh_dashboard' })).toEqual({ topic: 'chsh_dashboard' });
    await sleep(300);
    expect(g.events('chsh_dashboard')).toEqual([]);
    expect(player.events('chsh_dashboard')).toEqual([]);
  });

  it('sends a new subscriber the current picture at once', async () => {
    const owner = await fx.guest();
    const { room } = await owner.ok('create_room', { game_type: 'chat' });
    const c = await fx.guest();
    const reply = await c.request('subscribe', { topic: 'lobby' });
    expect(reply).toEqual({ success: true, data: { topic: 'lobby' } });
    // the current picture comes at once, without waiting for the next change
    const snap = await c.waitFor('lobby_update', (p) => p.rooms.some((r: any) => r.room_id === room.room_id), 2000);
    expect(snap.rooms.map((r: any) => r.room_id)).toContain(room.room_id);

    const { snapshot: stats } = await subscribe(c, 'stats', 'stats_update');
    expect(stats).toMatchObject({ connections: expect.any(Number), users_online: expect.any(Number), nodes: 1 });
  });

  it('stops delivery after unsubscribe', async () => {
    const c = await fx.guest();
    await subscribe(c, 'stats', 'stats_update');
    await c.next('stats_update', () => true, 3000);
    expect(await c.ok('unsubscribe', { topic: 'stats' })).toEqual({ topic: 'stats' });
    const count = c.events('stats_update').length;
    await subscribe(c, 'lobby', 'lobby_update');
    const lobbyCount = c.events('lobby_update').length;
    await c.ok('unsubscribe', { topic: 'lobby' });
    const owner = await fx.guest();
    await owner.ok('create_room', { game_type: 'chat' });
    await sleep(2600);
    expect(c.events('stats_update')).toHaveLength(count);
    expect(c.events('lobby_update')).toHaveLength(lobbyCount);
  });

  it('delivers a topic to every tab that subscribed, not to the same user’s other tabs', async () => {
    const who = await mint(fx.server, {});
    const tab1 = fx.track(await TestClient.connect(fx.server, who));
    const tab2 = fx.track(await TestClient.connect(fx.server, who));
    await subscribe(tab1, 'stats', 'stats_update');
    await tab1.next('stats_update', () => true, 3000);
    expect(tab2.events('stats_update')).toEqual([]);
  });
});

describe('lobby feed', () => {
  it('sends lobby_update at most once a second while public rooms change, the last one reflecting every change', async () => {
    const watcher = await fx.guest();
    const times = new Map<unknown, number>();
    timed(watcher, 'lobby_update', times);
    const { index } = await subscribe(watcher, 'lobby', 'lobby_update');
    await sleep(1100); // let any throttle window from earlier tests pass

    const owner = await fx.guest();
    const t0 = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await owner.ok('create_room', { game_type: 'chat', metadata: { n: i } })).room.room_id);
    const createdIn = Date.now() - t0;
    expect(createdIn).toBeLessThan(800);

    const last = await watcher.waitFor('lobby_update', (d) => ids.every((id) => d.rooms.some((r: any) => r.room_id === id)), 2500);
    const updates = watcher.log.slice(index + 1).filter((e) => e.event === 'lobby_update').map((e) => e.data);
    const within = updates.filter((u) => times.get(u)! - t0 <= 1300);
    expect(within.length).toBeLessThanOrEqual(2);
    expect(updates[updates.length - 1]).toBe(last);
    expect(times.get(last)! - t0).toBeLessThan(1600);
    for (let i = 1; i < updates.length; i++) expect(times.get(updates[i])! - times.get(updates[i - 1])!).toBeGreaterThanOrEqual(900);

    // Summaries, newest first, without players.
    const mine = last.rooms.filter((r: any) => ids.includes(r.room_id));
    expect(mine.map((r: any) => r.room_id)).toEqual([...ids].reverse());
    for (const r of mine) {
      expect(r).toMatchObject({ game_type: 'chat', permission: 'public', player_count: 1, status: 'waiting' });
      expect(r).not.toHaveProperty('players');
    }

    // Nothing changes, nothing is sent.
    const seen = watcher.events('lobby_update').length;
    await sleep(1300);
    expect(watcher.events('lobby_update')).toHaveLength(seen);
  });

  it('never shows a private room, and sends nothing when only private rooms change', async () => {
    const watcher = await fx.guest();
    const { index } = await subscribe(watcher, 'lobby', 'lobby_update');
    await sleep(1100);
    const owner = await fx.guest();
    const joiner = await fx.guest();
    const { room: secret } = await owner.ok('create_room', { game_type: 'chat', permission: 'private', password: 'hunter22' });
    await joiner.ok('join_room', { room_id: secret.room_id, password: 'hunter22' });
    await owner.ok('send_message', { room_id: secret.room_id, text: 'hi' });
    await sleep(1300);
    expect(watcher.log.slice(index + 1).filter((e) => e.event === 'lobby_update')).toEqual([]);

    // A public room that turns private leaves the lobby; the private one never appears.
    const { room: open } = await owner.ok('create_room', { game_type: 'chat' });
    await watcher.waitFor('lobby_update', (d) => d.rooms.some((r: any) => r.room_id === open.room_id), 2500);
    await owner.ok('update_room', { room_id: open.room_id, permission: 'private' });
    await watcher.waitFor('lobby_update', (d) => !d.rooms.some((r: any) => r.room_id === open.room_id), 2500);
    for (const u of watcher.events('lobby_update')) {
      for (const r of u.rooms) expect(r.permission).toBe('public');
      expect(u.rooms.some((r: any) => r.room_id === secret.room_id)).toBe(false);
    }
  });
});

describe('stats feed', () => {
  it('pushes stats_update about every 2 s, shaped as GET /api/stats', async () => {
    const c = await fx.guest();
    const times = new Map<unknown, number>();
    timed(c, 'stats_update', times);
    await subscribe(c, 'stats', 'stats_update');
    const first = await c.next('stats_update', () => true, 3000);
    const second = await c.next('stats_update', () => true, 3000);
    const gap = times.get(second)! - times.get(first)!;
    expect(gap).toBeGreaterThan(1500);
    expect(gap).toBeLessThan(2600);

    const { body: api } = await http('GET', '/api/stats');
    for (const s of [first, second, api]) {
      expect(Object.keys(s).sort()).toEqual(['connections', 'nodes', 'rooms', 'users_online']);
      expect(Object.keys(s.rooms).sort()).toEqual(['active', 'finished', 'waiting']);
      expect(s.nodes).toBe(1);
      expect(s.connections).toBeGreaterThanOrEqual(1);
      expect(s.users_online).toBeGreaterThanOrEqual(1);
    }
  });

  it('reflects a new connection in the next stats_update', async () => {
    const c = await fx.guest();
    const { snapshot } = await subscribe(c, 'stats', 'stats_update');
    const extra = await fx.guest();
    const next = await c.next('stats_update', () => true, 3000);
    expect(next.connections).toBe(snapshot.connections + 1);
    expect(next.users_online).toBe(snapshot.users_online + 1);
    extra.close();
  });
});

describe('chsh_dashboard feed', () => {
  async function chshTeam(teamName: string, rounds: number) {
    const a = await fx.guest();
    const b = await fx.guest();
    const { room } = await a.ok('create_room', { game_type: 'chsh', metadata: { team_name: teamName, rounds } });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('start_game', { room_id: room.room_id });
    return { a, b, roomId: room.room_id as string };
  }

  it('shows every team’s statistics live to a host, at most 2 updates a second', async () => {
    const host = await withRoles(['host'], 'Teacher');
    const times = new Map<unknown, number>();
    timed(host, 'chsh_dashboard', times);
    const { a, b, roomId } = await chshTeam('Photons', 8);
    const { snapshot, index } = await subscribe(host, 'chsh_dashboard', 'chsh_dashboard');
    const team0 = snapshot.teams.find((t: any) => t.room_id === roomId);
    expect(team0).toEqual({ room_id: roomId, team_name: 'Photons', rounds_played: 0, stats: expect.objectContaining({ S: null, win_rate: null }) });

    const t0 = Date.now();
    for (let round = 1; round <= 8; round++) {
      await a.ok('game_action', { room_id: roomId, action: 'answer', payload: { round, answer: round % 2 === 0 } });
      await b.ok('submit_answer', { room_id: roomId, round, answer: round % 3 === 0 });
      await sleep(120);
    }
    const final = await host.waitFor('chsh_dashboard', (d) => d.teams.some((t: any) => t.room_id === roomId && t.rounds_played === 8), 2500);
    const elapsed = Date.now() - t0;

    const updates = host.log.slice(index + 1).filter((e) => e.event === 'chsh_dashboard').map((e) => e.data);
    expect(updates.length).toBeGreaterThanOrEqual(2); // it moved while they played
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
    for (let i = 1; i < updates.length; i++) expect(times.get(updates[i])! - times.get(updates[i - 1])!).toBeGreaterThanOrEqual(400);
    const played = updates.map((u) => u.teams.find((t: any) => t.room_id === roomId).rounds_played);
    expect(played).toEqual([...played].sort((x, y) => x - y));

    const team = final.teams.find((t: any) => t.room_id === roomId);
    expect(Object.keys(team).sort()).toEqual(['room_id', 'rounds_played', 'stats', 'team_name']);
    expect(team.stats).toEqual((await a.ok('get_game_state', { room_id: roomId })).state.stats);
    const counts = team.stats.counts;
    expect(counts.AX + counts.AY + counts.BX + counts.BY).toBe(8);
    expect(team.stats.S).toEqual(expect.any(Number)); // combo_repeats 2: every pair has rounds after 8
    // The dashboard never carries a player's current question.
    expect(JSON.stringify(final)).not.toMatch(/my_question|schedule/);
  });

  it('lists several teams, each with its own name and progress, for an admin too', async () => {
    const admin = await withRoles(['admin']);
    const t1 = await chshTeam('Alpha', 4);
    const t2 = await chshTeam('Beta', 4);
    await subscribe(admin, 'chsh_dashboard', 'chsh_dashboard');
    await t1.a.ok('game_action', { room_id: t1.roomId, action: 'answer', payload: { round: 1, answer: true } });
    await t1.b.ok('game_action', { room_id: t1.roomId, action: 'answer', payload: { round: 1, answer: true } });
    const d = await admin.waitFor('chsh_dashboard', (x) => x.teams.some((t: any) => t.room_id === t1.roomId && t.rounds_played === 1), 2500);
    expect(d.teams.find((t: any) => t.room_id === t1.roomId)).toMatchObject({ team_name: 'Alpha', rounds_played: 1 });
    expect(d.teams.find((t: any) => t.room_id === t2.roomId)).toMatchObject({ team_name: 'Beta', rounds_played: 0 });
  });
});

describe('chsh_dashboard feed when a team goes away', () => {
  it('drops a closed team from the dashboard with the next update', async () => {
    const host = await withRoles(['host']);
    const a = await fx.guest();
    const b = await fx.guest();
    const { room } = await a.ok('create_room', { game_type: 'chsh', metadata: { team_name: 'Leaving', rounds: 4 } });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('start_game', { room_id: room.room_id });
    const { snapshot } = await subscribe(host, 'chsh_dashboard', 'chsh_dashboard');
    expect(snapshot.teams.some((t: any) => t.room_id === room.room_id)).toBe(true);
    await a.ok('close_room', { room_id: room.room_id });
    await host.next('chsh_dashboard', (d) => !d.teams.some((t: any) => t.room_id === room.room_id), 2500);
    const { snapshot: fresh } = await subscribe(await withRoles(['admin']), 'chsh_dashboard', 'chsh_dashboard');
    expect(fresh.teams.some((t: any) => t.room_id === room.room_id)).toBe(false);
  });
});

describe('POST /api/broadcast', () => {
  it('pushes the event with data as its payload to the topic’s subscribers and nobody else', async () => {
    const admin = await mint(fx.server, { roles: ['admin'] });
    const lobbyA = await fx.guest();
    const lobbyB = await fx.guest();
    const statsOnly = await fx.guest();
    const nobody = await fx.guest();
    await subscribe(lobbyA, 'lobby', 'lobby_update');
    await subscribe(lobbyB, 'lobby', 'lobby_update');
    await subscribe(statsOnly, 'stats', 'stats_update');

    const data = { text: 'Tournament starts in 5 minutes', level: 2, tags: ['a', 'b'], nested: { ok: true } };
    const r = await http('POST', '/api/broadcast', { token: admin.token, body: { topic: 'lobby', event: 'announcement', data } });
    expect(r.status).toBe(200);
    expect(await lobbyA.waitFor('announcement')).toEqual(data);
    expect(await lobbyB.waitFor('announcement')).toEqual(data);
    await sleep(200);
    expect(statsOnly.events('announcement')).toEqual([]);
    expect(nobody.events('announcement')).toEqual([]);
    expect(lobbyA.events('announcement')).toHaveLength(1);

    // A scalar payload, and none at all.
    await http('POST', '/api/broadcast', { token: admin.token, body: { topic: 'stats', event: 'note', data: 'plain' } });
    expect(await statsOnly.waitFor('note')).toBe('plain');
    await http('POST', '/api/broadcast', { token: admin.token, body: { topic: 'stats', event: 'ping' } });
    expect(await statsOnly.waitFor('ping')).toBeNull();
  });

  it('reaches the hosts on chsh_dashboard', async () => {
    const admin = await mint(fx.server, { roles: ['admin'] });
    const host = await withRoles(['host']);
    await subscribe(host, 'chsh_dashboard', 'chsh_dashboard');
    const r = await http('POST', '/api/broadcast', { token: admin.token, body: { topic: 'chsh_dashboard', event: 'round_reset', data: { by: 'admin' } } });
    expect(r.status).toBe(200);
    expect(await host.waitFor('round_reset')).toEqual({ by: 'admin' });
  });

  it('refuses a guest with 403 FORBIDDEN and no token with 401', async () => {
    const listener = await fx.guest();
    await subscribe(listener, 'lobby', 'lobby_update');
    const g = await fx.guest();
    const forbidden = await http('POST', '/api/broadcast', { token: g.token, body: { topic: 'lobby', event: 'x', data: 1 } });
    expect(forbidden).toEqual({ status: 403, body: { success: false, error: { code: 'FORBIDDEN', message: expect.any(String) } } });
    const host = await mint(fx.server, { roles: ['host'] });
    expect((await http('POST', '/api/broadcast', { token: host.token, body: { topic: 'lobby', event: 'x', data: 1 } })).status).toBe(403);
    const anonymous = await http('POST', '/api/broadcast', { body: { topic: 'lobby', event: 'x', data: 1 } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, error: { code: 'AUTH_REQUIRED' } });
    const bad = await http('POST', '/api/broadcast', { token: 'not-a-jwt', body: { topic: 'lobby', event: 'x', data: 1 } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('AUTH_INVALID');
    await sleep(200);
    expect(listener.events('x')).toEqual([]);
  });

  it('answers 404 NOT_FOUND for an unknown topic and 400 VALIDATION_ERROR for a bad body', async () => {
    const admin = await mint(fx.server, { roles: ['admin'] });
    const unknown = await http('POST', '/api/broadcast', { token: admin.token, body: { topic: 'weather', event: 'x', data: 1 } });
    expect(unknown).toEqual({ status: 404, body: { success: false, error: { code: 'NOT_FOUND', message: expect.any(String) } } });
    const bodies: unknown[] = [
      { event: 'x', data: 1 },
      { topic: 'lobby', data: 1 },
      { topic: 'lobby', event: 'has space', data: 1 },
      { topic: 'lobby', event: 'x'.repeat(65), data: 1 },
      { topic: 'lobby', event: 'x', data: 1, extra: true },
      { topic: 7, event: 'x' },
      { topic: 'lobby', event: 'disconnect', data: 1 },
      [],
    ];
    for (const body of bodies) {
      const r = await http('POST', '/api/broadcast', { token: admin.token, body });
      expect({ body, status: r.status, code: r.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_ERROR' });
    }
    const notJson = await http('POST', '/api/broadcast', { token: admin.token, raw: '{"topic":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('VALIDATION_ERROR');
  });
});
