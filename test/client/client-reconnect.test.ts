import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resync, TicTacToeView } from '../../src/client/index.js';
import { TestServer } from '../support/server.js';
import { guest } from '../support/client.js';
import { closeAll, sdkClient, type SdkUser } from './sdk-helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(async () => {
  closeAll();
  await server.close();
});

/** A started tictactoe game: `x` (seat 0) moves first. */
async function game(x: SdkUser, o: SdkUser): Promise<string> {
  const { room } = await x.client.request('join_random_game', { game_type: 'tictactoe' });
  const started = x.client.next('game_state', (s) => s.room_id === room.room_id);
  await o.client.request('join_random_game', { game_type: 'tictactoe' });
  await started;
  return room.room_id;
}

describe('SDK: reconnect', () => {
  it('re-syncs every room after the server is killed and restarted, from the last version seen', async () => {
    let openGate!: () => void;
    let gated = false;
    const gate = new Promise<void>((r) => (openGate = r));
    const ann = await guest(server, 'Ann');
    // Ann's reconnect handshake waits for the gate, so Bob moves while she is away.
    const a = await sdkClient(server, ann, { token: () => (gated ? gate.then(() => ann.token) : ann.token) });
    const b = await sdkClient(server, null, { reconnection: false });
    const roomId = await game(a, b);
    await a.client.action(roomId, 'mark', { cell: 0 });
    await b.client.action(roomId, 'mark', { cell: 4 });
    await a.client.action(roomId, 'mark', { cell: 1 });
    expect(a.client.versionOf(roomId)).toBe(3);

    const statuses: string[] = [];
    a.client.on('connection', (c) => statuses.push(c.status));
    const resynced = a.client.next('resynced', (r) => r.room_id === roomId, 20_000);
    gated = true;
    await server.restart('kill');
    const b2 = await sdkClient(server, { token: b.token, id: b.id, name: b.name }, { reconnection: false });
    expect(b2.client.session!.rooms).toContain(roomId);
    expect((await b2.client.action(roomId, 'mark', { cell: 8 })).version).toBe(4);
    openGate();

    const r = (await resynced) as Extract<Resync, { ok: true }>;
    expect(r.ok).toBe(true);
    expect(r.since_version).toBe(3);
    expect(r.version).toBe(4);
    expect(r.events).toEqual([{ version: 4, user_id: b.id, action: 'mark' }]);
    expect((r.state as TicTacToeView).board).toEqual(['X', 'X', null, null, 'O', null, null, null, 'O']);
    expect((r.state as TicTacToeView).turn).toBe(a.id);
    expect(statuses).toContain('reconnecting');
    expect(a.client.status).toBe('connected');
    expect(a.client.versionOf(roomId)).toBe(4);
    // And the game goes on from there.
    const over = a.client.next('game_over', (g) => g.room_id === roomId);
    expect((await a.client.action(roomId, 'mark', { cell: 2 })).version).toBe(5);
    expect((await over).result).toEqual({ winner: a.id, line: [0, 1, 2] });
  });

  it('sends a move that was unanswered when the connection dropped again, with the same action_id', async () => {
    const a = await sdkClient(server);
    const b = await sdkClient(server);
    const roomId = await game(a, b);
    const sent: { action_id: string }[] = [];
    a.client.socket.onAnyOutgoing((event, payload) => {
      if (event === 'game_action') sent.push(payload);
    });

    // The server is frozen: it reads nothing, so the move stays unanswered until the kill.
    server.child!.kill('SIGSTOP');
    const move = a.client.action(roomId, 'mark', { cell: 4 });
    await new Promise((r) => setTimeout(r, 300));
    expect(sent).toHaveLength(1);
    await server.restart('kill');

    const reply = await move;
    expect(reply.version).toBe(1);
    expect(sent.length).toBe(2);
    expect(sent[1]!.action_id).toBe(sent[0]!.action_id);
    expect(sent[0]!.action_id).toMatch(/^a_/);
    const now = await a.client.request('get_game_state', { room_id: roomId });
    expect(now.version).toBe(1);
    expect((now.state as TicTacToeView).board[4]).toBe('X');

    // The server's side of the contract: the same action_id again changes nothing.
    const again = await a.client.action(roomId, 'mark', { cell: 4 }, { action_id: sent[0]!.action_id });
    expect(again.version).toBe(1);
  });

  it('comes back by itself after a graceful restart (server_shutdown), then re-syncs', async () => {
    const a = await sdkClient(server);
    const b = await sdkClient(server, null, { reconnection: false });
    const roomId = await game(a, b);
    await a.client.action(roomId, 'mark', { cell: 0 });
    const shutdown = a.client.next('server_shutdown');
    const resynced = a.client.next('resynced', (r) => r.room_id === roomId, 20_000);
    await server.restart('stop');
    expect((await shutdown).reconnect_after_ms).toBeGreaterThan(0);
    const r = await resynced;
    expect(r).toMatchObject({ ok: true, since_version: 1, version: 1, events: [] });
    expect(a.client.status).toBe('connected');
  });

  it('holds a move made while offline and sends it once reconnected', async () => {
    const a = await sdkClient(server);
    const b = await sdkClient(server);
    const roomId = await game(a, b);
    await server.kill();
    await new Promise((r) => setTimeout(r, 100));
    expect(a.client.status).toBe('reconnecting');
    const move = a.client.action(roomId, 'mark', { cell: 2 });
    await server.launch();
    expect((await move).version).toBe(1);
  });
});
