import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { io } from 'socket.io-client';
import { SignJWT } from 'jose';
import { TestClient, guest, mint, nextIp } from '../support/client.js';

const fx = useServer();
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Connects raw and resolves to the connect_error message (or 'connected'). */
function connectOutcome(opts: { auth?: object; extraHeaders?: Record<string, string> }): Promise<string> {
  return new Promise((resolve) => {
    const s = io(fx.server.url, { transports: ['websocket'], forceNew: true, reconnection: false, localAddress: nextIp(), ...opts } as any);
    s.on('connect', () => {
      s.close();
      resolve('connected');
    });
    s.on('connect_error', (e) => {
      s.close();
      resolve(e.message);
    });
  });
}

const sign = (claims: Record<string, unknown>, opts: { sub?: string; exp?: number; secret?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(opts.sub ?? 'u_sign')
    .setExpirationTime(opts.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(opts.secret ?? fx.server.secret));

describe('connecting', () => {
  it('refuses a missing, invalid or expired token with the matching connect_error', async () => {
    expect(await connectOutcome({})).toBe('AUTH_REQUIRED');
    expect(await connectOutcome({ auth: { token: '' } })).toBe('AUTH_REQUIRED');
    expect(await connectOutcome({ auth: { token: 'not.a.jwt' } })).toBe('AUTH_INVALID');
    expect(await connectOutcome({ auth: { token: await sign({ name: 'x' }, { secret: 'some-other-secret-of-enough-length' }) } })).toBe('AUTH_INVALID');
    expect(await connectOutcome({ auth: { token: await sign({ name: 'x' }, { exp: Math.floor(Date.now() / 1000) - 10 }) } })).toBe('AUTH_EXPIRED');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u","name":"x"}').toString('base64url')}.`;
    expect(await connectOutcome({ auth: { token: none } })).toBe('AUTH_INVALID');
  });

  it('refuses a token whose sub is over 64 characters and cuts a long name to 32', async () => {
    expect(await connectOutcome({ auth: { token: await sign({ name: 'x' }, { sub: 's'.repeat(65) }) } })).toBe('AUTH_INVALID');
    const c = await TestClient.connect(fx.server, { token: await sign({ name: `  ${'N'.repeat(40)}  ` }, { sub: 'u_longname' }), id: 'u_longname', name: 'N' });
    fx.track(c);
    expect(c.connected.name).toBe('N'.repeat(32));
  });

  it('accepts the token in an Authorization: Bearer header', async () => {
    const who = await mint(fx.server);
    expect(await connectOutcome({ extraHeaders: { authorization: `Bearer ${who.token}` } })).toBe('connected');
  });

  it('sends connected with the identity, roles, server time, rooms and pending challenges', async () => {
    const a = await fx.user({ name: 'Host', roles: ['host', 'admin'] });
    expect(a.connected).toEqual({ user_id: a.id, name: 'Host', roles: ['host', 'admin'], server_time: expect.stringMatching(ISO), rooms: [], pending_challenges: [] });
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const b = await TestClient.connect(fx.server, { token: a.token, id: a.id, name: a.name });
    fx.track(b);
    expect(b.connected.rooms).toEqual([room.room_id]);
  });

  it('gives a guest from POST /auth/guest a usable identity with a trimmed name', async () => {
    const g = await guest(fx.server, '  Guesty  ');
    expect(g.name).toBe('Guesty');
    expect(g.id).toMatch(/^guest_/);
    const c = await TestClient.connect(fx.server, g);
    fx.track(c);
    expect(c.connected).toMatchObject({ user_id: g.id, name: 'Guesty', roles: [] });
    for (const name of ['', '   ', 'x'.repeat(33)]) {
      const r = await fetch(`${fx.server.url}/auth/guest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      expect(r.status).toBe(400);
      expect(await r.json()).toEqual({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.any(String), field: 'name' } });
    }
  });

  it('treats memberships as the user’s: a second socket of the same user sees the same rooms and seat', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    const b2 = await TestClient.connect(fx.server, { token: b.token, id: b.id, name: b.name });
    fx.track(b2);
    expect((await b2.ok('join_room', { room_id: room.room_id })).status).toBe('already_joined');
    const { message } = await b2.ok('send_message', { room_id: room.room_id, text: 'from tab 2' });
    expect(message.user_id).toBe(b.id);
    await b.waitFor('new_message', (d) => d.message.id === message.id);
  });
});

describe('refresh_token', () => {
  it('swaps the token of a live socket for one of the same user and answers expires_at', async () => {
    const a = await fx.user({ ttlS: 3 });
    const fresh = await mint(fx.server, { sub: a.id, name: a.name, ttlS: 3600 });
    const r = await a.ok('refresh_token', { token: fresh.token });
    expect(r.expires_at).toMatch(ISO);
    expect(Date.parse(r.expires_at)).toBeGreaterThan(Date.now() + 3000_000);
    // the first token's expiry no longer disconnects the socket
    await new Promise((res) => setTimeout(res, 3500));
    expect(a.sock.connected).toBe(true);
    expect(a.events('error')).toEqual([]);
  });

  it("answers FORBIDDEN for another user's token, AUTH_INVALID for a bad one, AUTH_EXPIRED for an expired one", async () => {
    const a = await fx.user();
    const other = await mint(fx.server);
    expect((await a.err('refresh_token', { token: other.token })).code).toBe('FORBIDDEN');
    expect((await a.err('refresh_token', { token: 'garbage' })).code).toBe('AUTH_INVALID');
    expect((await a.err('refresh_token', { token: await sign({ name: 'x' }, { sub: a.id, secret: 'a-different-secret-123456' }) })).code).toBe('AUTH_INVALID');
    expect((await a.err('refresh_token', { token: await sign({ name: 'x' }, { sub: a.id, exp: Math.floor(Date.now() / 1000) - 5 }) })).code).toBe('AUTH_EXPIRED');
    const e = await a.err('refresh_token', {});
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'token']);
    expect(a.sock.connected).toBe(true);
  });

  it('sends error AUTH_EXPIRED and disconnects a socket whose token expires without a refresh', async () => {
    const a = await fx.user({ ttlS: 2 });
    expect(await a.waitFor('error', (e) => e.code === 'AUTH_EXPIRED', 6000)).toMatchObject({ code: 'AUTH_EXPIRED', message: expect.any(String) });
    await a.waitFor('$disconnect', () => true, 3000);
    expect(a.sock.connected).toBe(false);
  });
});
