import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { TestServer } from '../support/server.js';
import { TestClient, mint, nextIp, sleep } from '../support/client.js';

const clients: TestClient[] = [];
const servers: TestServer[] = [];
const userClient = async (server: TestServer) => {
  const c = await TestClient.connect(server, await mint(server));
  clients.push(c);
  return c;
};

/** One raw connection attempt from `ip`: resolves 'connected' or the connect_error message. */
function attempt(server: TestServer, token: string, ip: string): Promise<string> {
  return new Promise((resolve) => {
    const s = io(server.url, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false, localAddress: ip } as any);
    const done = (r: string) => {
      s.close();
      resolve(r);
    };
    s.on('connect', () => done('connected'));
    s.on('connect_error', (e) => done(e.message));
  });
}

afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.close();
});

describe('rate limits at the default scale', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
    servers.push(server);
  });

  it('allows 5 room operations at once and answers the 6th RATE_LIMITED with retry_after_ms', async () => {
    const a = await userClient(server);
    const replies = await Promise.all(Array.from({ length: 6 }, () => a.request('create_room', { game_type: 'chat' })));
    expect(replies.filter((r) => r.success)).toHaveLength(5);
    const limited = replies.filter((r) => !r.success);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.error).toEqual({ code: 'RATE_LIMITED', message: expect.any(String), retry_after_ms: expect.any(Number) });
    const wait = limited[0]!.error!.retry_after_ms!;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1000);
    await sleep(wait + 20);
    expect((await a.request('create_room', { game_type: 'chat' })).success).toBe(true);
  });

  it('counts room operations per user, across the user’s sockets, not per socket', async () => {
    const a1 = await userClient(server);
    const a2 = await TestClient.connect(server, { token: a1.token, id: a1.id, name: a1.name });
    clients.push(a2);
    const b = await userClient(server);
    const replies = await Promise.all([...Array.from({ length: 3 }, () => a1.request('leave_room', { room_id: 'room_x' })), ...Array.from({ length: 3 }, () => a2.request('leave_room', { room_id: 'room_x' }))]);
    expect(replies.map((r) => r.error!.code).sort()).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'RATE_LIMITED']);
    // another user is not affected
    expect((await b.request('leave_room', { room_id: 'room_x' })).error!.code).toBe('NOT_FOUND');
  });

  it('allows a chat burst of 10 and refuses the 11th, then refills at 5 per second', async () => {
    const a = await userClient(server);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const replies = await Promise.all(Array.from({ length: 11 }, (_, i) => a.request('send_message', { room_id: room.room_id, text: `m${i}` })));
    expect(replies.filter((r) => r.success)).toHaveLength(10);
    const limited = replies.find((r) => !r.success)!;
    expect(limited.error).toMatchObject({ code: 'RATE_LIMITED', retry_after_ms: expect.any(Number) });
    expect(limited.error!.retry_after_ms!).toBeLessThanOrEqual(200);
    expect((await a.ok('get_messages', { room_id: room.room_id })).messages).toHaveLength(10);
    await sleep(450); // two tokens back
    expect((await a.request('send_message', { room_id: room.room_id, text: 'again' })).success).toBe(true);
    expect((await a.request('send_message', { room_id: room.room_id, text: 'again 2' })).success).toBe(true);
  });

  it('disconnects a client that keeps going past 3× a limit within 10 s', async () => {
    const a = await userClient(server);
    const replies = await Promise.allSettled(Array.from({ length: 130 }, () => a.request('leave_room', { room_id: 'room_x' }, 3000)));
    const codes = replies.map((r) => (r.status === 'fulfilled' ? r.value.error?.code : 'no reply'));
    expect(codes.filter((c) => c === 'NOT_FOUND')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(100);
    await a.waitFor('$disconnect', () => true, 3000);
    expect(a.sock.connected).toBe(false);
    // the user may connect again
    const back = await TestClient.connect(server, { token: a.token, id: a.id, name: a.name });
    clients.push(back);
    expect((await back.ok('heartbeat', {})).server_time).toBeTruthy();
  });

  it('refuses the 21st connection attempt from one IP within 10 s with connect_error RATE_LIMITED', async () => {
    const ip = nextIp();
    const { token } = await mint(server);
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) outcomes.push(await attempt(server, i % 2 ? token : 'bad-token', ip));
    expect(outcomes.filter((o) => o === 'connected')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'AUTH_INVALID')).toHaveLength(10);
    expect(await attempt(server, token, ip)).toBe('RATE_LIMITED');
    // other addresses still connect
    expect(await attempt(server, token, nextIp())).toBe('connected');
  });
});

describe('rate limits switched off', () => {
  it('does not limit anything with RATE_LIMIT_SCALE=0', async () => {
    const server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '0' } });
    servers.push(server);
    const a = await userClient(server);
    const replies = await Promise.all(Array.from({ length: 30 }, () => a.request('create_room', { game_type: 'chat' })));
    expect(replies.every((r) => r.success)).toBe(true);
    const room = replies[0]!.data.room.room_id;
    const sent = await Promise.all(Array.from({ length: 40 }, (_, i) => a.request('send_message', { room_id: room, text: `x${i}` })));
    expect(sent.every((r) => r.success)).toBe(true);
    const ip = nextIp();
    const { token } = await mint(server);
    for (let i = 0; i < 25; i++) expect(await attempt(server, token, ip)).toBe('connected');
  });

  it('scales every limit with RATE_LIMIT_SCALE', async () => {
    const server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '2' } });
    servers.push(server);
    const a = await userClient(server);
    const replies = await Promise.all(Array.from({ length: 11 }, () => a.request('leave_room', { room_id: 'room_x' })));
    expect(replies.filter((r) => r.error!.code === 'NOT_FOUND')).toHaveLength(10);
    expect(replies.filter((r) => r.error!.code === 'RATE_LIMITED')).toHaveLength(1);
  });
});
