/**
 * Chaos: scripted play (games and chat) while the server is killed with SIGKILL and
 * restarted, again and again. A checker then replays every acknowledged reply the clients
 * saw and proves none is missing: each acknowledged move is in the room's log at its
 * version, each acknowledged message is in the history. CHAOS_CYCLES (default 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';
import { TestClient, mint, sleep } from '../support/client.js';

const CYCLES = Number(process.env.CHAOS_CYCLES ?? 4);

interface Acked {
  moves: { room: string; version: number; user: string }[];
  messages: { room: string; id: string; text: string }[];
}

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '0', RECONNECT_GRACE_S: '600' } });
});
afterAll(async () => server?.close());

/** Plays until `stop()` says so; every reply that said success is recorded. Errors from the kill are expected. */
async function player(me: TestClient, other: TestClient, acked: Acked, stop: () => boolean): Promise<void> {
  let n = 0;
  while (!stop()) {
    try {
      const { room } = await me.ok('create_room', { game_type: 'tictactoe' });
      await other.ok('join_room', { room_id: room.room_id });
      await me.ok('start_game', { room_id: room.room_id });
      const cells = [0, 3, 1, 4, 2];
      for (let i = 0; i < cells.length && !stop(); i++) {
        const c = i % 2 === 0 ? me : other;
        const r = await c.request('game_action', { room_id: room.room_id, action: 'mark', payload: { cell: cells[i] }, action_id: `m-${room.room_id}-${i}` }, 3000);
        if (r.success) acked.moves.push({ room: room.room_id, version: r.data.version, user: c.id });
        const text = `msg ${me.name} ${n++}`;
        const m = await me.request('send_message', { room_id: room.room_id, text }, 3000);
        if (m.success) acked.messages.push({ room: room.room_id, id: m.data.message.id, text });
      }
    } catch {
      await sleep(100);
    }
  }
}

describe('chaos: repeated kill -9 during play', () => {
  it(`loses no acknowledged move or message over ${CYCLES} kill/restart cycles`, async () => {
    const acked: Acked = { moves: [], messages: [] };
    const users = await Promise.all([0, 1, 2, 3].map((i) => mint(server, { name: `chaos${i}` })));
    const clients = await Promise.all(users.map((u) => TestClient.connect(server, u, { reconnection: true })));
    let stopped = false;
    const loops = [player(clients[0]!, clients[1]!, acked, () => stopped), player(clients[2]!, clients[3]!, acked, () => stopped)];
    for (let i = 0; i < CYCLES; i++) {
      await sleep(400 + Math.floor(Math.random() * 600));
      await server.restart('kill');
    }
    // play on after the last restart until enough was acknowledged to prove something (a
    // loaded machine may leave little time for play between the kills), at most 15 s
    const until = Date.now() + 15_000;
    do await sleep(800);
    while ((acked.moves.length <= 5 || acked.messages.length <= 5) && Date.now() < until);
    stopped = true;
    await Promise.all(loops);
    expect(acked.moves.length).toBeGreaterThan(5);
    expect(acked.messages.length).toBeGreaterThan(5);

    const checker = await TestClient.connect(server, users[0]!);
    const checker2 = await TestClient.connect(server, users[2]!);
    const byRoom = new Map<string, Acked['moves']>();
    for (const m of acked.moves) byRoom.set(m.room, [...(byRoom.get(m.room) ?? []), m]);
    for (const [room, moves] of byRoom) {
      const token = users.find((u) => u.id === moves[0]!.user)!.token;
      const res = await fetch(`${server.url}/api/rooms/${room}/events?since=0`, { headers: { authorization: `Bearer ${token}` } });
      const log = (await res.json()).events as { version: number; user_id: string }[];
      for (const m of moves) expect(log.find((e) => e.version === m.version)?.user_id, `move v${m.version} in ${room}`).toBe(m.user);
    }
    for (const msg of acked.messages) {
      const r1 = await checker.request('get_messages', { room_id: msg.room, limit: 200 });
      const r2 = r1.success ? r1 : await checker2.request('get_messages', { room_id: msg.room, limit: 200 });
      expect(r2.success, `history of ${msg.room}`).toBe(true);
      expect(r2.data.messages.map((m: any) => m.id), `message ${msg.id}`).toContain(msg.id);
    }
    for (const c of [...clients, checker, checker2]) c.close();
  }, 120_000);
});
