/**
 * Chaos in cluster mode: two nodes share Redis and PostgreSQL; one of them is killed with
 * SIGKILL and restarted again and again while pairs of players (one on each node) play
 * and chat. A checker then proves every acknowledged move and message is in the log and
 * the history, read through the surviving node. CHAOS_CYCLES (default 3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';
import { TestClient, mint, sleep } from '../support/client.js';
import { clusterResources, clusterUnavailable, startNodes, type ClusterResources } from '../support/cluster.js';

const skip = await clusterUnavailable();
const CYCLES = Number(process.env.CHAOS_CYCLES ?? 3);

describe.skipIf(skip !== null)('chaos: repeated kill -9 of one cluster node', () => {
  let res: ClusterResources;
  let nodes: TestServer[] = [];
  beforeAll(async () => {
    res = await clusterResources();
    nodes = await startNodes(res, 2);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await res?.teardown();
  });

  it(`loses no acknowledged move or message over ${CYCLES} kills of node 1`, async () => {
    const [n1, n2] = nodes as [TestServer, TestServer];
    const moves: { room: string; version: number; user: string; token: string }[] = [];
    const messages: { room: string; id: string }[] = [];
    const pairs = await Promise.all(
      [0, 1].map(async (i) => {
        const ua = await mint(n1, { name: `a${i}` });
        const ub = await mint(n1, { name: `b${i}` });
        return { ua, ub, a: await TestClient.connect(n1, ua, { reconnection: true }), b: await TestClient.connect(n2, ub, { reconnection: true }) };
      }),
    );
    let stop = false;
    const play = async ({ ua, ub, a, b }: (typeof pairs)[number]) => {
      while (!stop) {
        try {
          const { room } = await b.ok('create_room', { game_type: 'tictactoe' });
          await a.ok('join_room', { room_id: room.room_id });
          await b.ok('start_game', { room_id: room.room_id });
          const cells = [0, 3, 1, 4, 2];
          for (let i = 0; i < cells.length && !stop; i++) {
            const [c, u] = i % 2 === 0 ? [b, ub] : [a, ua];
            const r = await c.request('game_action', { room_id: room.room_id, action: 'mark', payload: { cell: cells[i] }, action_id: `c-${i}` }, 4000);
            if (r.success) moves.push({ room: room.room_id, version: r.data.version, user: u.id, token: u.token });
            const m = await b.request('send_message', { room_id: room.room_id, text: `m${i}` }, 4000);
            if (m.success) messages.push({ room: room.room_id, id: m.data.message.id });
          }
        } catch {
          await sleep(200);
        }
      }
    };
    const loops = pairs.map(play);
    for (let i = 0; i < CYCLES; i++) {
      await sleep(800 + Math.floor(Math.random() * 800));
      await n1.restart('kill');
    }
    await sleep(1500);
    stop = true;
    await Promise.all(loops);
    expect(moves.length).toBeGreaterThan(4);
    const rooms = new Map<string, typeof moves>();
    for (const m of moves) rooms.set(m.room, [...(rooms.get(m.room) ?? []), m]);
    for (const [room, ms] of rooms) {
      const log = (await (await fetch(`${n2.url}/api/rooms/${room}/events?since=0`, { headers: { authorization: `Bearer ${ms[0]!.token}` } })).json()).events as { version: number; user_id: string }[];
      for (const m of ms) expect(log.find((e) => e.version === m.version)?.user_id, `v${m.version} of ${room}`).toBe(m.user);
    }
    const reader = await TestClient.connect(n2, pairs[0]!.ub);
    const reader2 = await TestClient.connect(n2, pairs[1]!.ub);
    for (const msg of messages) {
      const r = (await reader.request('get_messages', { room_id: msg.room, limit: 200 })).data ?? (await reader2.request('get_messages', { room_id: msg.room, limit: 200 })).data;
      expect(r.messages.map((x: any) => x.id), `message ${msg.id}`).toContain(msg.id);
    }
    for (const p of pairs) (p.a.close(), p.b.close());
    reader.close();
    reader2.close();
  }, 120_000);
});
