/**
 * Durability (SPEC §1): whatever was acknowledged survives `kill -9` and a restart on the
 * same DATA_DIR; SIGTERM tells every socket `server_shutdown` and exits 0 within 10 s.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';
import { TestClient, mint, sleep } from '../support/client.js';

let server: TestServer;
const clients: TestClient[] = [];
const userClient = async (claims: { name?: string; roles?: string[] } = {}) => {
  const c = await TestClient.connect(server, await mint(server, claims));
  clients.push(c);
  return c;
};
const reconnect = async (c: TestClient) => {
  const d = await TestClient.connect(server, { token: c.token, id: c.id, name: c.name });
  clients.push(d);
  return d;
};

beforeEach(async () => {
  server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '100' } });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});
afterAll(async () => {
  await server?.close();
});

describe('kill -9 and restart on the same DATA_DIR', () => {
  it('loses no acknowledged room, seat, spectator, chat message or membership', async () => {
    const a = await userClient({ name: 'Ann' });
    const b = await userClient({ name: 'Bob' });
    const c = await userClient({ name: 'Cy' });
    const kicked = await userClient();
    const custom = `durable-${Date.now()}`;
    const pub = (await a.ok('create_room', { game_type: 'chat', room_id: custom, metadata: { level: 1 }, max_players: 10 })).room;
    const priv = (await b.ok('create_room', { game_type: 'tictactoe', permission: 'private', password: 'pw' })).room;
    const gone = (await c.ok('create_room', { game_type: 'chat' })).room;
    await b.ok('join_room', { room_id: pub.room_id });
    await c.ok('join_room', { room_id: pub.room_id, as: 'spectator' });
    await kicked.ok('join_room', { room_id: pub.room_id });
    await a.ok('kick_player', { room_id: pub.room_id, user_id: kicked.id });
    await a.ok('update_room', { room_id: pub.room_id, metadata: { level: 2 } });
    await a.ok('join_room', { room_id: priv.room_id, password: 'pw' });
    await c.ok('close_room', { room_id: gone.room_id });
    // a burst of chat, every message acknowledged before the kill
    const sent = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).ok('send_message', { room_id: pub.room_id, text: `msg ${i}`, client_msg_id: `cm-${i}` })));
    const before = (await a.ok('get_room', { room_id: pub.room_id })).room;

    await server.restart(); // SIGKILL right after the last ack

    const a2 = await reconnect(a);
    const b2 = await reconnect(b);
    const c2 = await reconnect(c);
    expect(a2.connected.rooms.sort()).toEqual([pub.room_id, priv.room_id].sort());
    expect(b2.connected.rooms.sort()).toEqual([pub.room_id, priv.room_id].sort());
    expect(c2.connected.rooms).toEqual([pub.room_id]);

    const after = (await a2.ok('get_room', { room_id: pub.room_id })).room;
    expect({ ...after, players: after.players.map((p: any) => ({ ...p, online: undefined })) }).toEqual({
      ...before,
      players: before.players.map((p: any) => ({ ...p, online: undefined })),
    });
    expect(after).toMatchObject({ metadata: { level: 2 }, spectators: 1, owner_id: a.id, max_players: 10 });
    expect(after.players.map((p: any) => [p.user_id, p.seat])).toEqual([[a.id, 0], [b.id, 1]]);

    const privAfter = (await b2.ok('get_room', { room_id: priv.room_id })).room;
    expect(privAfter).toMatchObject({ permission: 'private', has_password: true, owner_id: b.id });
    const stranger = await userClient();
    expect((await stranger.err('get_room', { room_id: priv.room_id })).code).toBe('NOT_FOUND');
    expect((await stranger.err('join_room', { room_id: priv.room_id, password: 'wrong' })).code).toBe('WRONG_PASSWORD');
    expect((await stranger.err('join_room', { room_id: gone.room_id })).code).toBe('ROOM_CLOSED');
    // an offline user's last_seen is kept
    const seen = (await a2.ok('get_presence', { user_ids: [kicked.id] })).presence[kicked.id];
    expect(seen).toEqual({ status: 'offline', last_seen: expect.stringMatching(/Z$/) });
    const k2 = await reconnect(kicked);
    expect((await k2.err('join_room', { room_id: pub.room_id })).code).toBe('FORBIDDEN');

    const history = (await a2.ok('get_messages', { room_id: pub.room_id, limit: 200 })).messages;
    expect(history.map((m: any) => m.id).sort()).toEqual(sent.map((s) => s.message.id).sort());
    expect(history.map((m: any) => m.id)).toEqual([...history.map((m: any) => m.id)].sort((x: string, y: string) => Number(x) - Number(y)));
    // client_msg_id idempotency survives the restart
    const retry = await b2.ok('send_message', { room_id: pub.room_id, text: 'msg 0 retried', client_msg_id: 'cm-0' });
    expect(retry.message).toEqual(sent[0]!.message);
    // a new room id is not handed out twice, and the custom id stays taken
    expect((await a2.err('create_room', { game_type: 'chat', room_id: custom })).code).toBe('CONFLICT');
    expect((await a2.ok('get_user_rooms')).rooms.map((r: any) => r.room_id).sort()).toEqual([pub.room_id, priv.room_id].sort());
  });

  it('keeps ownership changes, leaves and started games', async () => {
    const a = await userClient();
    const b = await userClient();
    const c = await userClient();
    const chat = (await a.ok('create_room', { game_type: 'chat' })).room;
    await b.ok('join_room', { room_id: chat.room_id });
    await c.ok('join_room', { room_id: chat.room_id });
    await a.ok('leave_room', { room_id: chat.room_id });
    const game = (await b.ok('create_room', { game_type: 'tictactoe' })).room;
    await c.ok('join_room', { room_id: game.room_id });
    await b.ok('start_game', { room_id: game.room_id });

    await server.restart();

    const b2 = await reconnect(b);
    const a2 = await reconnect(a);
    expect(a2.connected.rooms).toEqual([]);
    expect((await b2.ok('get_room', { room_id: chat.room_id })).room).toMatchObject({ owner_id: b.id, players: [expect.objectContaining({ user_id: b.id }), expect.objectContaining({ user_id: c.id })] });
    expect((await b2.ok('get_room', { room_id: game.room_id })).room.status).toBe('active');
  });

  it('serves new rooms and messages normally after the restart', async () => {
    const a = await userClient();
    await a.ok('create_room', { game_type: 'chat' });
    await server.restart();
    const a2 = await reconnect(a);
    const { room } = await a2.ok('create_room', { game_type: 'chat' });
    const { message } = await a2.ok('send_message', { room_id: room.room_id, text: 'fresh' });
    expect((await a2.ok('get_messages', { room_id: room.room_id })).messages).toEqual([message]);
  });
});

describe('SIGTERM', () => {
  it('tells every socket server_shutdown, exits 0 within 10 s, and comes back with everything', async () => {
    const a = await userClient();
    const b = await userClient();
    const idle = await userClient(); // in no room
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('send_message', { room_id: room.room_id, text: 'before shutdown' });

    const t0 = Date.now();
    const code = await server.stop();
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    for (const c of [a, b, idle]) {
      const shutdown = c.events('server_shutdown');
      expect(shutdown).toHaveLength(1);
      expect(shutdown[0]).toEqual({ reconnect_after_ms: expect.any(Number) });
      expect(shutdown[0].reconnect_after_ms).toBeGreaterThanOrEqual(0);
      await c.waitFor('$disconnect', () => true, 2000);
    }
    // it no longer accepts connections
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();

    await server.launch();
    const a2 = await reconnect(a);
    expect(a2.connected.rooms).toEqual([room.room_id]);
    expect((await a2.ok('get_messages', { room_id: room.room_id })).messages.map((m: any) => m.text)).toEqual(['before shutdown']);
    expect((await a2.ok('get_room', { room_id: room.room_id })).room.players.map((p: any) => p.user_id)).toEqual([a.id, b.id]);
  });

  it('stops the same way on SIGINT', async () => {
    const a = await userClient();
    server.child!.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(a.events('server_shutdown')).toEqual([{ reconnect_after_ms: expect.any(Number) }]);
  });

  it('answers the requests in flight when SIGTERM arrives', async () => {
    const a = await userClient();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const pending = Array.from({ length: 20 }, (_, i) => a.request('send_message', { room_id: room.room_id, text: `late ${i}` }, 3000).catch(() => null));
    const stopped = server.stop();
    const replies = await Promise.all(pending);
    expect(await stopped).toBe(0);
    const acked = replies.filter((r) => r?.success).map((r) => r!.data.message.id);
    expect(acked).toHaveLength(20); // sent before the signal: every one is answered
    await server.launch();
    const a2 = await reconnect(a);
    const stored = (await a2.ok('get_messages', { room_id: room.room_id })).messages.map((m: any) => m.id);
    for (const id of acked) expect(stored).toContain(id);
  });

  it('finishes requests that take longer than the signal\'s first moments before it disconnects anyone', async () => {
    // a password room costs a scrypt hash (tens of ms each, a few at a time): 24 of them
    // are still being handled well after SIGTERM; each is answered, and each room is kept
    const a = await userClient();
    const pending = Array.from({ length: 24 }, (_, i) => a.request('create_room', { game_type: 'chat', room_id: `slow_${i}`, password: `secret ${i}` }, 9000));
    await sleep(20); // on their way
    const t0 = Date.now();
    const stopped = server.stop();
    const replies = await Promise.all(pending);
    expect(replies.map((r) => r.success)).toEqual(replies.map(() => true));
    expect(await stopped).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(a.events('server_shutdown')).toHaveLength(1);
    await server.launch();
    const a2 = await reconnect(a);
    expect([...a2.connected.rooms].sort()).toEqual(Array.from({ length: 24 }, (_, i) => `slow_${i}`).sort());
  });
});
