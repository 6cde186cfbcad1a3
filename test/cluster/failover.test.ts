/**
 * Failure in cluster mode: a node killed with SIGKILL mid-game, and Redis restarted during
 * play (a Redis of the test's own on a free port, keeping nothing on disk like the real one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, freePort } from '../support/server.js';
import { TestClient, mint, sleep } from '../support/client.js';
import { clusterResources, clusterUnavailable, type ClusterResources } from '../support/cluster.js';

const skip = await clusterUnavailable();

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    await sleep(50);
    try {
      const { Redis } = await import('ioredis');
      const r = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await r.connect();
      await r.ping();
      r.disconnect();
      return child;
    } catch {
      /* not up yet */
    }
  }
  throw new Error('redis-server did not start');
}

function play(c: TestClient, roomId: string, cell: number, actionId?: string) {
  return c.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell }, ...(actionId ? { action_id: actionId } : {}) });
}

describe.skipIf(skip !== null)('cluster failover', () => {
  let res: ClusterResources;
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const secret = 'failover-secret-0123456789abcdef';

  beforeAll(async () => {
    res = await clusterResources();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
    await res?.teardown();
  });

  it('finishes a game after the node of one player is killed: reconnect elsewhere, sync, nothing acknowledged lost, timers still fire', async () => {
    const env = { REDIS_URL: res.redisUrl, DATABASE_URL: res.databaseUrl, JWT_SECRET: secret, RATE_LIMIT_SCALE: '100' };
    const [n1, n2] = await Promise.all([TestServer.start({ env }), TestServer.start({ env })]);
    servers.push(n1!, n2!);
    const ua = await mint(n1!, { name: 'Ann' });
    const ub = await mint(n1!, { name: 'Bob' });
    const a = await TestClient.connect(n1!, ua);
    const b = await TestClient.connect(n2!, ub);
    clients.push(a, b);
    const { room } = await a.ok('create_room', { game_type: 'tictactoe', turn_time_limit_s: 3 });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('start_game', { room_id: room.room_id });
    const v1 = await play(a, room.room_id, 0, 'a-1');
    await play(b, room.room_id, 4, 'b-1');
    const v3 = await play(a, room.room_id, 1, 'a-2');
    expect(v3.version).toBe(3);
    // b's turn timer is now armed by node 1; kill node 1 (a's node)
    await n1!.kill();
    const a2 = await TestClient.connect(n2!, ua);
    clients.push(a2);
    const synced = await a2.ok('sync', { room_id: room.room_id, since_version: v1.version });
    expect(synced.version).toBe(3);
    expect(synced.events.map((e: any) => e.version)).toEqual([2, 3]);
    // a retries its last action with the same action_id: answered with the first reply
    expect(await play(a2, room.room_id, 1, 'a-2')).toEqual(v3);
    // b does not move: the turn timer set on the dead node fires on node 2, b loses
    const over = await a2.waitFor('game_over', (p) => p.room_id === room.room_id, 10_000);
    expect(over.result.winner).toBe(a.id);
    const events = await (await fetch(`${n2!.url}/api/rooms/${room.room_id}/events?since=0`, { headers: { authorization: `Bearer ${ua.token}` } })).json();
    expect(events.events.map((e: any) => e.action)).toEqual(['mark', 'mark', 'mark', '$timeout']);
  }, 60_000);

  it('stops one node with SIGTERM without touching the others\' sockets, and records its disconnects first: the other nodes hear each of its users go offline', async () => {
    const env = { REDIS_URL: res.redisUrl, DATABASE_URL: res.databaseUrl, JWT_SECRET: secret, RATE_LIMIT_SCALE: '100' };
    const [n1, n2] = await Promise.all([TestServer.start({ env }), TestServer.start({ env })]);
    servers.push(n1!, n2!);
    const watcher = await TestClient.connect(n2!, await mint(n2!, { name: 'Watcher' }));
    clients.push(watcher);
    const { room } = await watcher.ok('create_room', { game_type: 'chat', max_players: 500 });
    // many users on the node that stops: their disconnects are recorded all at once
    const users = await Promise.all(Array.from({ length: 250 }, async (_, i) => TestClient.connect(n1!, await mint(n1!, { name: `u${i}` }))));
    clients.push(...users);
    await Promise.all(users.map((u) => u.ok('join_room', { room_id: room.room_id })));
    const stoppedAt = Date.now();
    expect(await n1!.stop()).toBe(0);
    // the watcher, on the node that stays, was neither told of a shutdown nor disconnected
    expect(watcher.events('server_shutdown')).toEqual([]);
    expect(watcher.events('$disconnect')).toEqual([]);
    expect(users.every((u) => u.events('server_shutdown').length === 1)).toBe(true);
    const offline = new Set<string>();
    const want = new Set(users.map((u) => u.id));
    for (let i = 0; i < 100 && offline.size < want.size; i++) {
      for (const p of watcher.events('presence_changed')) if (p.status === 'offline' && want.has(p.user_id)) offline.add(p.user_id);
      await sleep(50);
    }
    expect(offline.size).toBe(want.size);
    // and each one's last seen is the moment of the stop
    for (let k = 0; k < users.length; k += 100) {
      const some = users.slice(k, k + 100);
      const seen = await watcher.ok('get_presence', { user_ids: some.map((u) => u.id) });
      for (const u of some) {
        expect(seen.presence[u.id].status).toBe('offline');
        expect(Date.parse(seen.presence[u.id].last_seen)).toBeGreaterThanOrEqual(stoppedAt - 1000);
      }
    }
  }, 60_000);

  it('keeps every acknowledged action (and its reply to a retry) when Redis restarts during play, answers 503 on /ready while it is away, and recovers without a restart', async () => {
    const redisPort = await freePort();
    let redis = await startRedis(redisPort);
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, DATABASE_URL: res.databaseUrl, JWT_SECRET: secret, RATE_LIMIT_SCALE: '100' };
    const [n1, n2] = await Promise.all([TestServer.start({ env }), TestServer.start({ env })]);
    servers.push(n1!, n2!);
    try {
      const ua = await mint(n1!, { name: 'Cat' });
      const ub = await mint(n1!, { name: 'Dan' });
      const a = await TestClient.connect(n1!, ua, { reconnection: true });
      const b = await TestClient.connect(n2!, ub, { reconnection: true });
      clients.push(a, b);
      const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
      await b.ok('join_room', { room_id: room.room_id });
      await a.ok('start_game', { room_id: room.room_id });
      const first = await play(a, room.room_id, 0, 'c-1');
      await play(b, room.room_id, 4, 'd-1');
      await b.ok('send_message', { room_id: room.room_id, text: 'before the outage' });

      redis.kill('SIGKILL');
      await sleep(300);
      const ready = await fetch(`${n1!.url}/ready`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).failing).toContain('redis');
      const t0 = Date.now();
      const during = await a.request('game_action', { room_id: room.room_id, action: 'mark', payload: { cell: 1 } });
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(during.success).toBe(false);
      expect(during.error!.code).toBe('INTERNAL');

      redis = await startRedis(redisPort);
      const deadline = Date.now() + 15_000;
      while ((await fetch(`${n1!.url}/ready`)).status !== 200 && Date.now() < deadline) await sleep(200);
      expect((await fetch(`${n2!.url}/ready`)).status).toBe(200);
      // the state came back from PostgreSQL: both moves and the chat message
      const state = await b.ok('get_game_state', { room_id: room.room_id });
      expect(state.version).toBe(2);
      expect(state.state.board[0]).toBe('X');
      expect(state.state.board[4]).toBe('O');
      const msgs = await a.ok('get_messages', { room_id: room.room_id });
      expect(msgs.messages.map((m: any) => m.text)).toContain('before the outage');
      // a retry of a move made before the outage gets its first reply (Redis was rebuilt with the log's action ids)
      expect(await play(a, room.room_id, 0, 'c-1')).toEqual(first);
      // play goes on
      await play(a, room.room_id, 1);
      await play(b, room.room_id, 5);
      const over = b.next('game_over');
      await play(a, room.room_id, 2);
      expect((await over).result.winner).toBe(a.id);
    } finally {
      redis.kill('SIGKILL');
    }
  }, 60_000);
});
