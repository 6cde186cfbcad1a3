/**
 * Server-enforced room lifecycle (SPEC §1, §5): idle and empty TTLs, the reconnect grace
 * of waiting rooms, and those timers surviving a restart. Short settings keep it fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';
import { TestClient, mint, sleep } from '../support/client.js';

const clients: TestClient[] = [];
const servers: TestServer[] = [];
const userClient = async (server: TestServer) => {
  const c = await TestClient.connect(server, await mint(server));
  clients.push(c);
  return c;
};
const reconnect = async (server: TestServer, c: TestClient) => {
  const d = await TestClient.connect(server, { token: c.token, id: c.id, name: c.name });
  clients.push(d);
  return d;
};
/** Polls get_room (through `c`) until the room has `status`; resolves to the elapsed ms. */
async function untilStatus(c: TestClient, roomId: string, status: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if ((await c.ok('get_room', { room_id: roomId })).room.status === status) return Date.now() - t0;
    await sleep(50);
  }
  throw new Error(`room ${roomId} did not become ${status} within ${timeoutMs} ms`);
}

afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.close();
});

describe('TTLs and reconnect grace (ROOM_IDLE_TTL_S=2, ROOM_EMPTY_TTL_S=1, RECONNECT_GRACE_S=1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '100', ROOM_IDLE_TTL_S: '2', ROOM_EMPTY_TTL_S: '1', RECONNECT_GRACE_S: '1' } });
    servers.push(server);
  });

  it('closes a room with no activity for ROOM_IDLE_TTL_S with reason expired', async () => {
    const a = await userClient(server);
    const t0 = Date.now();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    expect(await a.waitFor('room_closed', (d) => d.room_id === room.room_id, 5000)).toEqual({ room_id: room.room_id, reason: 'expired' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect((await a.ok('get_room', { room_id: room.room_id })).room.status).toBe('closed');
    expect((await a.ok('get_user_rooms')).rooms).toEqual([]);
  });

  it('counts chat messages as activity that postpones the idle close', async () => {
    const a = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await sleep(1200);
    await a.ok('send_message', { room_id: room.room_id, text: 'still here' });
    const last = Date.now();
    await sleep(1200); // 2.4 s after creation, 1.2 s after the message
    expect(a.events('room_closed')).toEqual([]);
    expect((await a.waitFor('room_closed', (d) => d.room_id === room.room_id, 4000)).reason).toBe('expired');
    expect(Date.now() - last).toBeGreaterThanOrEqual(1900);
  });

  it('closes a room left by its last member after ROOM_EMPTY_TTL_S, before the idle TTL', async () => {
    const a = await userClient(server);
    const watcher = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await a.ok('leave_room', { room_id: room.room_id });
    const elapsed = await untilStatus(watcher, room.room_id, 'closed', 3000);
    expect(elapsed).toBeGreaterThanOrEqual(800);
    expect(elapsed).toBeLessThan(1900);
    expect((await watcher.err('join_room', { room_id: room.room_id })).code).toBe('ROOM_CLOSED');
  });

  it('keeps an emptied room open when someone joins within ROOM_EMPTY_TTL_S', async () => {
    const a = await userClient(server);
    const b = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await a.ok('leave_room', { room_id: room.room_id });
    await sleep(400);
    await b.ok('join_room', { room_id: room.room_id });
    await sleep(1000);
    expect((await b.ok('get_room', { room_id: room.room_id })).room.status).toBe('waiting');
    expect(b.events('room_closed')).toEqual([]);
  });

  it('removes a disconnected player of a waiting room after the grace with reason disconnected', async () => {
    const a = await userClient(server);
    const b = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    b.close();
    const t0 = Date.now();
    expect(await a.waitFor('player_left', (d) => d.user_id === b.id, 3000)).toEqual({ room_id: room.room_id, user_id: b.id, reason: 'disconnected' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
    const back = await reconnect(server, b);
    expect(back.connected.rooms).toEqual([]);
    expect((await a.ok('get_room', { room_id: room.room_id })).room.players.map((p: any) => p.user_id)).toEqual([a.id]);
  });

  it('keeps the seat of a player who reconnects within the grace', async () => {
    const a = await userClient(server);
    const b = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    b.close();
    await a.waitFor('presence_changed', (d) => d.user_id === b.id && d.status === 'offline');
    await sleep(300);
    const back = await reconnect(server, b);
    expect(back.connected.rooms).toEqual([room.room_id]);
    await back.ok('send_message', { room_id: room.room_id, text: 'made it' }); // activity, so the idle TTL does not interfere
    await sleep(1300);
    expect(a.events('player_left')).toEqual([]);
    const players = (await a.ok('get_room', { room_id: room.room_id })).room.players;
    expect(players.map((p: any) => [p.user_id, p.seat, p.online])).toEqual([[a.id, 0, true], [b.id, 1, true]]);
  });

  it('hands the room to the next player when a disconnected owner’s grace runs out', async () => {
    const a = await userClient(server);
    const b = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    a.close();
    expect((await b.waitFor('player_left', (d) => d.user_id === a.id, 3000)).reason).toBe('disconnected');
    expect(await b.waitFor('owner_changed', () => true, 1000)).toEqual({ room_id: room.room_id, owner_id: b.id });
  });

  it('keeps the seat of a disconnected player of an active game', async () => {
    const a = await userClient(server);
    const b = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'tictactoe' });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('start_game', { room_id: room.room_id });
    b.close();
    await sleep(1500);
    expect(a.events('player_left')).toEqual([]);
    const players = (await a.ok('get_room', { room_id: room.room_id })).room.players;
    expect(players.map((p: any) => [p.user_id, p.online])).toEqual([[a.id, true], [b.id, false]]);
  });
});

// the idle TTL is long enough that a slow restart plus the grace stays below it
describe('lifecycle timers across a kill -9 (ROOM_IDLE_TTL_S=8, ROOM_EMPTY_TTL_S=1, RECONNECT_GRACE_S=2)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '100', ROOM_IDLE_TTL_S: '8', ROOM_EMPTY_TTL_S: '1', RECONNECT_GRACE_S: '2' } });
    servers.push(server);
  });

  it('still closes an idle room with reason expired after a restart', async () => {
    const a = await userClient(server);
    const t0 = Date.now();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    a.close();
    await server.restart();
    const back = await reconnect(server, a);
    expect(back.connected.rooms).toEqual([room.room_id]);
    expect(await back.waitFor('room_closed', (d) => d.room_id === room.room_id, 12_000)).toEqual({ room_id: room.room_id, reason: 'expired' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(7900);
  });

  it('removes members who do not come back after a restart once the grace runs out', async () => {
    const a = await userClient(server);
    const b = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    a.close();
    b.close();
    await server.restart();
    const back = await reconnect(server, a);
    expect(back.connected.rooms).toEqual([room.room_id]);
    expect(await back.waitFor('player_left', (d) => d.user_id === b.id, 4000)).toEqual({ room_id: room.room_id, user_id: b.id, reason: 'disconnected' });
    await sleep(300);
    expect(back.events('player_left').filter((d) => d.user_id === a.id)).toEqual([]);
    expect((await back.ok('get_room', { room_id: room.room_id })).room.players.map((p: any) => p.user_id)).toEqual([a.id]);
  });

  it('still closes an emptied room after a restart', async () => {
    const a = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await a.ok('leave_room', { room_id: room.room_id });
    const left = Date.now();
    a.close();
    await server.restart();
    const watcher = await userClient(server);
    await untilStatus(watcher, room.room_id, 'closed', 6000);
    expect(Date.now() - left).toBeLessThan(7900); // the empty timer, not the idle one
  });
});
