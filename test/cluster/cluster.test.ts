/**
 * Cluster mode (SPEC §12): three real server processes sharing Redis and PostgreSQL.
 * Clients connect to different nodes and must see one world.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestServer } from '../support/server.js';
import { TestClient, guest, mint } from '../support/client.js';
import { clusterResources, clusterUnavailable, startNodes, type ClusterResources } from '../support/cluster.js';
import { Redis } from 'ioredis';
import pgPkg from 'pg';

const skip = await clusterUnavailable();
const here = path.dirname(fileURLToPath(import.meta.url));

describe.skipIf(skip !== null)('cluster of three nodes', () => {
  let res: ClusterResources;
  let nodes: TestServer[] = [];
  const clients: TestClient[] = [];
  const on = async (node: TestServer, name?: string) => {
    const c = await TestClient.connect(node, await guest(node, name));
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    res = await clusterResources();
    nodes = await startNodes(res, 3);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(nodes.map((n) => n.close()));
    await res?.teardown();
  });

  it('reports every live node in /api/stats and is ready', async () => {
    const stats = await (await fetch(`${nodes[0]!.url}/api/stats`)).json();
    expect(stats.nodes).toBe(3);
    for (const n of nodes) expect((await fetch(`${n.url}/ready`)).status).toBe(200);
  });

  it('lets users on different nodes chat, see presence and play a full game', async () => {
    const a = await on(nodes[0]!, 'Ann');
    const b = await on(nodes[1]!, 'Bob');
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    const joined = a.next('player_joined', (p) => p.player?.user_id === b.id);
    await b.ok('join_room', { room_id: room.room_id });
    await joined;
    await b.ok('send_message', { room_id: room.room_id, text: 'hi from node 2' });
    expect((await a.waitFor('new_message', (m) => m.message.text === 'hi from node 2')).message.user_id).toBe(b.id);
    const presence = await a.ok('get_presence', { user_ids: [b.id] });
    expect(presence.presence[b.id].status).toBe('online');
    const away = a.next('presence_changed', (p) => p.user_id === b.id && p.status === 'away');
    await b.ok('set_status', { status: 'away', text: 'brb' });
    expect((await away).text).toBe('brb');
    await a.ok('start_game', { room_id: room.room_id });
    for (const [c, cell] of [[a, 0], [b, 3], [a, 1], [b, 4]] as const) await c.ok('game_action', { room_id: room.room_id, action: 'mark', payload: { cell } });
    const over = b.next('game_over', (p) => p.room_id === room.room_id);
    await a.ok('game_action', { room_id: room.room_id, action: 'mark', payload: { cell: 2 } });
    expect((await over).result.winner).toBe(a.id);
    const history = await b.ok('get_match_history', {});
    expect(history.matches[0]).toMatchObject({ room_id: room.room_id, game_type: 'tictactoe' });
  });

  it("shows each player's presence in room views on every node: online while a socket is anywhere, away counts as online, offline once gone", async () => {
    const a = await on(nodes[0]!, 'Ola');
    const b = await on(nodes[1]!, 'Per');
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    const online = (view: { players: { user_id: string; online: boolean }[] }) => Object.fromEntries(view.players.map((p) => [p.user_id, p.online]));
    // node 1 builds the joiner's view: b is its own socket, a is on node 0
    const joined = await b.ok('join_room', { room_id: room.room_id });
    expect(online(joined.room)).toEqual({ [a.id]: true, [b.id]: true });
    await b.ok('set_status', { status: 'away' });
    expect(online((await a.ok('get_room', { room_id: room.room_id })).room)).toEqual({ [a.id]: true, [b.id]: true });
    // b gets a second socket on node 2, then leaves node 1: still online through node 2
    const b2 = await TestClient.connect(nodes[2]!, { token: b.token, id: b.id, name: 'Per' });
    clients.push(b2);
    b.close();
    await vi.waitFor(async () => expect((await a.ok('get_presence', { user_ids: [b.id] })).presence[b.id].status).not.toBe('offline'), { timeout: 5000 });
    expect(online((await a.ok('get_room', { room_id: room.room_id })).room)).toEqual({ [a.id]: true, [b.id]: true });
    b2.close();
    await vi.waitFor(async () => expect(online((await a.ok('get_room', { room_id: room.room_id })).room)).toEqual({ [a.id]: true, [b.id]: false }), { timeout: 5000 });
    // and from b's former node, which holds no socket of either now
    const c = await on(nodes[1]!);
    expect(online((await c.ok('get_room', { room_id: room.room_id })).room)).toEqual({ [a.id]: true, [b.id]: false });
  });

  it("serves a node's own sockets at once: a move's game_state reaches the mover before the move's reply, as on one node", async () => {
    // (the stock Redis Streams adapter held every local delivery until its XADD returned,
    // so the reply came first; transport/local-first-adapter.ts)
    const a = await on(nodes[0]!);
    const b = await on(nodes[1]!);
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('start_game', { room_id: room.room_id });
    for (const [c, cell] of [[a, 0], [b, 3], [a, 1], [b, 4]] as const) {
      const reply = await c.ok('game_action', { room_id: room.room_id, action: 'mark', payload: { cell } });
      expect(c.events('game_state').some((s) => s.room_id === room.room_id && s.version === reply.version)).toBe(true);
    }
    // and the other node's player still hears of every move
    await b.waitFor('game_state', (s) => s.room_id === room.room_id && s.version === 4);
    await a.waitFor('game_state', (s) => s.room_id === room.room_id && s.version === 4);
  });

  it('delivers challenges, WebRTC signalling and feed updates across nodes', async () => {
    const a = await on(nodes[0]!);
    const b = await on(nodes[2]!);
    const received = b.next('challenge_received');
    const { challenge } = await a.ok('challenge_player', { target_user_id: b.id, duration_s: 60 });
    expect((await received).challenge.challenge_id).toBe(challenge.challenge_id);
    const accepted = a.next('challenge_accepted');
    const reply = await b.ok('respond_to_challenge', { challenge_id: challenge.challenge_id, accept: true });
    expect((await accepted).room.room_id).toBe(reply.room.room_id);
    const offer = b.next('webrtc_offer');
    await a.ok('webrtc_offer', { room_id: reply.room.room_id, to_user_id: b.id, sdp: 'v=0 offer' });
    expect(await offer).toMatchObject({ from_user_id: a.id, sdp: 'v=0 offer' });

    const watcher = await on(nodes[1]!);
    await watcher.ok('subscribe', { topic: 'lobby' });
    const lobby = watcher.next('lobby_update', (p) => p.rooms.some((r: any) => r.metadata?.tag === 'feed-x'), 4000);
    await a.ok('create_room', { game_type: 'chat', metadata: { tag: 'feed-x' } });
    await lobby;

    // an admin's HTTP broadcast on one node reaches the topic's subscribers on another
    const admin = await mint(nodes[0]!, { roles: ['admin'] });
    const announced = watcher.next('announcement', () => true, 4000);
    const res2 = await fetch(`${nodes[2]!.url}/api/broadcast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ topic: 'lobby', event: 'announcement', data: { text: 'maintenance at noon' } }),
    });
    expect(res2.status).toBe(200);
    expect(await announced).toEqual({ text: 'maintenance at noon' });
  });

  /** The cluster streams (one per node, and the adapter's shared one): each one's last entry id. */
  type Tip = Record<string, string>;
  const streamKeys = async (redis: Redis) => ['parlor:sio', ...(await redis.keys('parlor:sio:node:*'))];
  const streamTip = async (): Promise<Tip> => {
    const redis = new Redis(res.redisUrl);
    try {
      const tip: Tip = {};
      for (const key of await streamKeys(redis)) tip[key] = (await redis.xrevrange(key, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
      return tip;
    } finally {
      redis.disconnect();
    }
  };
  /** The entries written to any cluster stream after `tip` that concern `userId`'s channel or name them (raw text). */
  const streamEntriesFor = async (tip: Tip, userId: string): Promise<string[]> => {
    const redis = new Redis(res.redisUrl);
    try {
      const out: string[] = [];
      for (const key of await streamKeys(redis)) {
        const entries = await redis.xrange(key, tip[key] ? `(${tip[key]}` : '-', '+');
        out.push(...entries.map(([, fields]) => fields.join(' ')).filter((text) => text.includes(`u:${userId}`)));
      }
      return out;
    } finally {
      redis.disconnect();
    }
  };

  it("keeps a user's channel changes and room list on their node when all their sockets are there, and sends them to every node when not", async () => {
    const owner = await on(nodes[1]!);
    const { room } = await owner.ok('create_room', { game_type: 'chat' });
    // one socket, on node 0: joining and leaving write nothing about them to the stream
    const solo = await on(nodes[0]!);
    let tip = await streamTip();
    const list = solo.next('user_joined_rooms', (p) => p.rooms.includes(room.room_id));
    await solo.ok('join_room', { room_id: room.room_id });
    await list;
    await owner.ok('send_message', { room_id: room.room_id, text: 'to solo' });
    await solo.waitFor('new_message', (m) => m.message.text === 'to solo');
    expect(await streamEntriesFor(tip, solo.id)).toEqual([]);
    tip = await streamTip();
    await solo.ok('leave_room', { room_id: room.room_id });
    await solo.waitFor('user_joined_rooms', (p) => !p.rooms.includes(room.room_id));
    expect(await streamEntriesFor(tip, solo.id)).toEqual([]);

    // the same user with a second socket on node 2: both sockets follow the join and the leave
    const twin = await TestClient.connect(nodes[2]!, { token: solo.token, id: solo.id, name: solo.name });
    clients.push(twin);
    tip = await streamTip();
    const twinList = twin.next('user_joined_rooms', (p) => p.rooms.includes(room.room_id));
    await solo.ok('join_room', { room_id: room.room_id });
    await twinList;
    expect((await streamEntriesFor(tip, solo.id)).length).toBeGreaterThan(0);
    await owner.ok('send_message', { room_id: room.room_id, text: 'to both' });
    await solo.waitFor('new_message', (m) => m.message.text === 'to both');
    await twin.waitFor('new_message', (m) => m.message.text === 'to both');
    const twinLeft = twin.next('user_joined_rooms', (p) => !p.rooms.includes(room.room_id));
    await solo.ok('leave_room', { room_id: room.room_id });
    await twinLeft;
    await owner.ok('send_message', { room_id: room.room_id, text: 'after leaving' });
    await owner.waitFor('new_message', (m) => m.message.text === 'after leaving');
    await new Promise((r) => setTimeout(r, 300));
    expect(twin.events('new_message').some((m) => m.message.text === 'after leaving')).toBe(false);
    expect(solo.events('new_message').some((m) => m.message.text === 'after leaving')).toBe(false);
  });

  /**
   * A second socket of a user connects on node 2 while the user joins or leaves a room on
   * node 0, at the worst instant: node 2 has read the user's rooms but not yet listed the
   * socket in presence (held there by a lock on the user's row, which it upserts first), so
   * node 0 sees no socket elsewhere and changes only its own. Node 2 must follow the change.
   */
  const connectDuringChange = async (change: 'join_room' | 'leave_room') => {
    const owner = await on(nodes[1]!);
    const { room } = await owner.ok('create_room', { game_type: 'chat' });
    const user = await on(nodes[0]!);
    if (change === 'leave_room') await user.ok('join_room', { room_id: room.room_id });
    const pg = new pgPkg.Client({ connectionString: res.databaseUrl });
    await pg.connect();
    let late: TestClient;
    try {
      await pg.query('BEGIN');
      await pg.query('SELECT 1 FROM users WHERE user_id = $1 FOR UPDATE', [user.id]);
      const connecting = TestClient.connect(nodes[2]!, { token: user.token, id: user.id, name: user.name });
      // node 2's setup is waiting for the row: it has read the rooms, its socket is not listed yet
      const deadline = Date.now() + 5000;
      const waiting = async () => {
        // (another connection: pg_stat_activity is read once per transaction)
        const watcher = new pgPkg.Client({ connectionString: res.databaseUrl });
        await watcher.connect();
        try {
          const q = "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%users%'";
          return ((await watcher.query(q)).rowCount ?? 0) > 0;
        } finally {
          await watcher.end();
        }
      };
      while (!(await waiting())) {
        if (Date.now() > deadline) throw new Error('the connecting socket never waited for the user row');
        await new Promise((r) => setTimeout(r, 10));
      }
      await user.ok(change, { room_id: room.room_id });
      await pg.query('COMMIT');
      late = await connecting;
    } finally {
      await pg.end();
    }
    clients.push(late);
    await owner.ok('send_message', { room_id: room.room_id, text: `after ${change}` });
    await owner.waitFor('new_message', (m) => m.message.text === `after ${change}`);
    return { late, text: `after ${change}` };
  };

  it('puts a socket that connects on another node while its user joins a room into the room', async () => {
    const { late, text } = await connectDuringChange('join_room');
    await late.waitFor('new_message', (m) => m.message.text === text, 3000);
  });

  it('takes a socket that connects on another node while its user leaves a room out of the room', async () => {
    const { late, text } = await connectDuringChange('leave_room');
    await new Promise((r) => setTimeout(r, 300));
    expect(late.events('new_message').some((m) => m.message.text === text)).toBe(false);
  });

  it('gives a user who joins during a burst of messages from another node every message, in recent_messages or pushed (5 joiners)', async () => {
    const sender = await on(nodes[0]!);
    const { room } = await sender.ok('create_room', { game_type: 'chat' });
    const sent: string[] = [];
    let sending = true;
    const burst = (async () => {
      for (let i = 0; sending && i < 400; i++) sent.push((await sender.ok('send_message', { room_id: room.room_id, text: `b${i}` })).message.id);
    })();
    const joiners: { c: TestClient; recent: string[] }[] = [];
    for (let k = 0; k < 5; k++) {
      await new Promise((r) => setTimeout(r, 30));
      const c = await on(nodes[1 + (k % 2)]!);
      const joined = await c.ok('join_room', { room_id: room.room_id });
      joiners.push({ c, recent: joined.recent_messages.map((m: { id: string }) => m.id) });
    }
    await new Promise((r) => setTimeout(r, 30));
    sending = false;
    await burst;
    for (const { c, recent } of joiners) {
      expect(recent.length).toBeGreaterThan(0); // joined mid-burst
      const from = sent.indexOf(recent[0]!);
      expect(from).toBeGreaterThanOrEqual(0);
      const owed = sent.slice(from);
      const missing = () => owed.filter((id) => !recent.includes(id) && !c.events('new_message').some((m) => m.message.id === id));
      await vi.waitFor(() => expect(missing()).toEqual([]), { timeout: 5000 });
    }
  });

  /**
   * `races` started tictactoe games between a (node 0, with a second socket a2 on node 2)
   * and b (node 1): `race` makes a's two sockets move at once, then checks the room; the
   * room is closed after each.
   */
  const raceGames = async (races: number, race: (p: { a: TestClient; a2: TestClient; b: TestClient; roomId: string; i: number }) => Promise<void>) => {
    const a = await on(nodes[0]!);
    const b = await on(nodes[1]!);
    const a2 = await TestClient.connect(nodes[2]!, { token: a.token, id: a.id, name: a.name });
    clients.push(a2);
    for (let i = 0; i < races; i++) {
      const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
      await b.ok('join_room', { room_id: room.room_id });
      await a.ok('start_game', { room_id: room.room_id });
      await race({ a, a2, b, roomId: room.room_id, i });
      await a.ok('close_room', { room_id: room.room_id });
    }
  };

  it('applies a move sent with one action_id to two nodes at once only once, and answers both with its reply (50 races)', async () => {
    await raceGames(50, async ({ a, a2, b, roomId, i }) => {
      const move = { room_id: roomId, action: 'mark', payload: { cell: 4 }, action_id: `race-${i}` };
      const replies = await Promise.all([a.request('game_action', move), a2.request('game_action', move)]);
      expect(replies.map((r) => r.success)).toEqual([true, true]);
      expect(replies[0]!.data).toEqual({ version: 1 });
      expect(replies[1]!.data).toEqual({ version: 1 });
      expect((await b.ok('get_game_state', { room_id: roomId })).version).toBe(1);
    });
  }, 120_000);

  it('never applies two racing moves for the same turn from two nodes (100 races)', async () => {
    await raceGames(100, async ({ a, a2, b, roomId }) => {
      const replies = await Promise.all([
        a.request('game_action', { room_id: roomId, action: 'mark', payload: { cell: 0 }, expected_version: 0 }),
        a2.request('game_action', { room_id: roomId, action: 'mark', payload: { cell: 1 }, expected_version: 0 }),
      ]);
      expect(replies.filter((r) => r.success)).toHaveLength(1);
      const state = await b.ok('get_game_state', { room_id: roomId });
      expect(state.version).toBe(1);
      expect(state.state.board.filter((c: string | null) => c !== null)).toHaveLength(1);
    });
  }, 120_000);

  it('lets a leave on one node and a start on another at the same instant end either unstarted or forfeited, never a running game short of a player (30 races)', async () => {
    const a = await on(nodes[0]!);
    const outcomes = { notStarted: 0, forfeited: 0 };
    for (let i = 0; i < 30; i++) {
      const b = await on(nodes[1]!);
      const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
      const room_id = room.room_id;
      await b.ok('join_room', { room_id });
      const [started, left] = await Promise.all([a.request('start_game', { room_id }), b.request('leave_room', { room_id })]);
      expect(left.success).toBe(true);
      const after = (await a.ok('get_room', { room_id })).room;
      expect(after.players.map((p: { user_id: string }) => p.user_id)).toEqual([a.id]);
      if (started.success) {
        expect(after.status).toBe('finished');
        outcomes.forfeited++;
      } else {
        expect(after.status).toBe('waiting');
        outcomes.notStarted++;
      }
      await a.ok('close_room', { room_id });
    }
    expect(outcomes.notStarted + outcomes.forfeited).toBe(30);
  }, 120_000);
});

describe.skipIf(skip !== null)('cluster matchmaking', () => {
  let res: ClusterResources;
  let nodes: TestServer[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    res = await clusterResources();
    const secret = 'cluster-matchmaking-secret-0123';
    nodes = await Promise.all(
      [0, 1, 2].map(() =>
        TestServer.start({ entry: path.join(here, '..', 'support', 'party-server.mjs'), env: { REDIS_URL: res.redisUrl, DATABASE_URL: res.databaseUrl, JWT_SECRET: secret, RATE_LIMIT_SCALE: '100' } }),
      ),
    );
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(nodes.map((n) => n.close()));
    await res?.teardown();
  });

  it('puts 40 simultaneous callers spread over 3 nodes into exactly 10 full 4-player rooms', async () => {
    const users = await Promise.all(Array.from({ length: 40 }, (_, i) => mint(nodes[i % 3]!, { name: `p${i}` })));
    const cs = await Promise.all(users.map((u, i) => TestClient.connect(nodes[i % 3]!, u)));
    clients.push(...cs);
    const replies = await Promise.all(cs.map((c) => c.ok('join_random_game', { game_type: 'party_quiz' })));
    const byRoom = new Map<string, number>();
    for (const r of replies) byRoom.set(r.room.room_id, (byRoom.get(r.room.room_id) ?? 0) + 1);
    expect(byRoom.size).toBe(10);
    expect([...byRoom.values()]).toEqual(Array(10).fill(4));
    expect(replies.filter((r) => r.status === 'created')).toHaveLength(10);
    for (const roomId of byRoom.keys()) {
      const c = cs[replies.findIndex((r) => r.room.room_id === roomId)]!;
      await c.waitFor('game_started', (p) => p.room_id === roomId, 5000);
    }
  }, 60_000);
});
