import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { TestClient } from '../support/client.js';

const fx = useServer();

/** Sends a Socket.IO EVENT packet as raw JSON text (for values JSON.stringify cannot produce), without an ack. */
function rawEmit(c: TestClient, json: string): void {
  (c.sock.io as any).engine.write(`2${json}`);
}

/** The server still answers this client and a brand-new one. */
async function stillServing(c?: TestClient): Promise<void> {
  if (c) expect((await c.ok('heartbeat', {})).server_time).toBeTruthy();
  const fresh = await fx.user();
  expect((await fresh.ok('create_room', { game_type: 'chat' })).room.owner_id).toBe(fresh.id);
}

describe('payload validation', () => {
  it('refuses wrong types with VALIDATION_ERROR naming the first bad field', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const cases: [string, unknown, string][] = [
      ['join_room', { room_id: 42 }, 'room_id'],
      ['join_room', { room_id: room.room_id, as: 'referee' }, 'as'],
      ['join_room', { room_id: room.room_id, password: 123 }, 'password'],
      ['send_message', { room_id: room.room_id, text: ['a'] }, 'text'],
      ['send_message', { room_id: room.room_id, text: 'x', client_msg_id: 'c'.repeat(65) }, 'client_msg_id'],
      ['get_public_rooms', { has_space: 'true' }, 'has_space'],
      ['get_public_rooms', { include_active: 1 }, 'include_active'],
      ['kick_player', { room_id: room.room_id, user_id: {} }, 'user_id'],
      ['update_room', { room_id: room.room_id, metadata: [] }, 'metadata'],
      ['update_room', { room_id: room.room_id, metadata: { 'bad key!': 1 } }, 'metadata.bad key!'],
      ['get_room', { room_id: '' }, 'room_id'],
      ['get_room', { room_id: '   ' }, 'room_id'],
      ['get_room', { room_id: 'r'.repeat(65) }, 'room_id'],
      ['heartbeat', { now: 1 }, 'now'],
      ['create_room', { game_type: 'chat', allowed_users: ['ok', ''] }, 'allowed_users.1'],
      ['create_room', { game_type: 'chat', allowed_users: Array.from({ length: 101 }, (_, i) => `u${i}`) }, 'allowed_users'],
      ['send_message', { room_id: room.room_id, text: Buffer.from('binary') }, 'text'],
    ];
    for (const [event, payload, field] of cases) {
      const e = await a.err(event, payload);
      expect({ event, payload, code: e.code, field: e.field }).toEqual({ event, payload, code: 'VALIDATION_ERROR', field });
    }
  });

  it('rejects unknown fields, naming the unknown field', async () => {
    const a = await fx.user();
    const e = await a.err('create_room', { game_type: 'chat', colour: 'red' });
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'colour']);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const e2 = await a.err('send_message', { room_id: room.room_id, text: 'hi', user_id: 'someone_else' });
    expect([e2.code, e2.field]).toEqual(['VALIDATION_ERROR', 'user_id']);
    expect((await a.ok('get_messages', { room_id: room.room_id })).messages).toEqual([]);
  });

  it('names the first required field when the payload is missing, and refuses non-object payloads', async () => {
    const a = await fx.user();
    for (const [event, field] of [['join_room', 'room_id'], ['create_room', 'game_type'], ['send_message', 'room_id'], ['set_status', 'status'], ['join_nearby', 'lat']] as const) {
      const e = await a.request(event);
      expect({ event, success: e.success, code: e.error?.code, field: e.error?.field }).toEqual({ event, success: false, code: 'VALIDATION_ERROR', field });
    }
    for (const payload of ['room_x', 42, [1, 2], true]) {
      expect((await a.err('join_room', payload)).code).toBe('VALIDATION_ERROR');
    }
    // events without required fields accept a missing payload
    expect(Array.isArray((await a.ok('get_public_rooms')).rooms)).toBe(true);
    await stillServing(a);
  });

  it('treats null for an optional field as absent and null for a required one as missing', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat', password: null, metadata: null, max_players: null, room_id: null });
    expect(room).toMatchObject({ has_password: false, metadata: {}, max_players: 50 });
    expect(room.room_id).toMatch(/^room_/);
    const e = await a.err('join_room', { room_id: null });
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'room_id']);
  });

  it('refuses Infinity and -Infinity sent as raw JSON numbers', async () => {
    const a = await fx.user();
    rawEmit(a, '["create_room",{"game_type":"chat","max_players":1e999}]');
    expect(await a.next('error')).toMatchObject({ event: 'create_room', code: 'VALIDATION_ERROR', field: 'max_players' });
    rawEmit(a, '["join_nearby",{"lat":-1e999,"lng":0}]');
    expect(await a.next('error')).toMatchObject({ event: 'join_nearby', code: 'VALIDATION_ERROR', field: 'lat' });
    rawEmit(a, '["join_nearby",{"lat":0,"lng":1e999}]');
    expect(await a.next('error')).toMatchObject({ event: 'join_nearby', code: 'VALIDATION_ERROR', field: 'lng' });
    rawEmit(a, '["get_messages",{"room_id":"room_x","limit":1e999}]');
    expect(await a.next('error')).toMatchObject({ event: 'get_messages', code: 'VALIDATION_ERROR', field: 'limit' });
    // NaN cannot be written in JSON: a client library sends it as null, which a required number refuses
    const e = await a.err('join_nearby', { lat: NaN, lng: 0 });
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'lat']);
    await stillServing(a);
  });

  it('refuses __proto__ and constructor as payload fields and never lets them change anything', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const proto = JSON.parse(`{"room_id":"${room.room_id}","__proto__":{"admin":true,"roles":["admin"]}}`);
    const e = await a.err('join_room', proto);
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', '__proto__']);
    rawEmit(a, '["list_rooms",{"__proto__":{"roles":["admin"]}}]');
    expect(await a.next('error')).toMatchObject({ event: 'list_rooms', code: 'VALIDATION_ERROR', field: '__proto__' });
    const c = await a.err('create_room', JSON.parse('{"game_type":"chat","constructor":{"prototype":{"x":1}}}'));
    expect([c.code, c.field]).toEqual(['VALIDATION_ERROR', 'constructor']);
    const nested = await a.err('create_room', JSON.parse('{"game_type":"chat","metadata":{"__proto__":{"polluted":true}}}'));
    expect([nested.code, nested.field]).toEqual(['VALIDATION_ERROR', 'metadata.__proto__']);
    // ordinary objects on the server were not polluted
    expect((await a.err('list_rooms', {})).code).toBe('FORBIDDEN');
    const fresh = (await a.ok('create_room', { game_type: 'chat' })).room;
    expect(fresh).not.toHaveProperty('polluted');
    expect(fresh.metadata).toEqual({});
    expect((await a.ok('create_room', { game_type: 'chat', metadata: { constructor: 'ok', toString: 'fine' } })).room.metadata).toEqual({ constructor: 'ok', toString: 'fine' });
    await stillServing(a);
  });

  it('keeps a metadata key named __proto__ as plain data or refuses it, never dropping it silently', async () => {
    const a = await fx.user();
    const r = await a.request('create_room', JSON.parse('{"game_type":"chat","metadata":{"__proto__":"x","k":1}}'));
    if (r.success) expect(Object.entries(r.data.room.metadata)).toEqual([['__proto__', 'x'], ['k', 1]]);
    else expect(r.error).toMatchObject({ code: 'VALIDATION_ERROR', field: expect.stringMatching(/^metadata/) });
  });

  it('reports the presence of users whose ids are __proto__ or constructor', async () => {
    const p = await fx.user({ sub: '__proto__', name: 'Proto' });
    const k = await fx.user({ sub: 'constructor', name: 'Ctor' });
    const got = (await p.ok('get_presence', { user_ids: ['__proto__', 'constructor', 'hasOwnProperty'] })).presence;
    expect(Object.keys(got).sort()).toEqual(['__proto__', 'constructor']);
    expect(got.constructor).toMatchObject({ status: 'online' });
    expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toMatchObject({ status: 'online' });
    const { room } = await p.ok('create_room', { game_type: 'chat' });
    await k.ok('join_room', { room_id: room.room_id });
    expect((await k.ok('get_room', { room_id: room.room_id })).room.players.map((x: any) => x.user_id)).toEqual(['__proto__', 'constructor']);
  });

  it('survives a deeply nested payload', async () => {
    const a = await fx.user();
    const deep = '['.repeat(30_000) + ']'.repeat(30_000);
    rawEmit(a, `["create_room",{"game_type":"chat","metadata":{"x":${deep}}}]`);
    const outcome = await Promise.race([a.next('error').then((e) => e), a.next('$disconnect').then(() => 'disconnected')]);
    if (outcome !== 'disconnected') expect(outcome).toMatchObject({ event: 'create_room', code: 'VALIDATION_ERROR', field: 'metadata.x' });
    await stillServing();
  });

  it('refuses one event with two payload arguments', async () => {
    const a = await fx.user();
    const r = await new Promise<any>((resolve) => a.sock.emit('get_room', { room_id: 'a' }, { room_id: 'b' }, resolve));
    expect(r).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
  });
});

describe('oversized and malformed packets', () => {
  it('answers VALIDATION_ERROR for a long string inside the packet limit', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const e = await a.err('send_message', { room_id: room.room_id, text: 'x'.repeat(50 * 1024) });
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'text']);
    const e2 = await a.err('join_room', { room_id: 'r'.repeat(50 * 1024) });
    expect([e2.code, e2.field]).toEqual(['VALIDATION_ERROR', 'room_id']);
  });

  it('disconnects a socket that sends a packet over 64 KiB, and keeps serving everyone else', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const { room } = await b.ok('create_room', { game_type: 'chat' });
    await a.ok('join_room', { room_id: room.room_id });
    a.sock.emit('send_message', { room_id: room.room_id, text: 'x'.repeat(100 * 1024) });
    await a.waitFor('$disconnect', () => true, 5000);
    expect(a.sock.connected).toBe(false);
    // nothing was stored, the room and other clients carry on, the user can come back
    expect((await b.ok('get_messages', { room_id: room.room_id })).messages).toEqual([]);
    await b.ok('send_message', { room_id: room.room_id, text: 'still here' });
    const back = await TestClient.connect(fx.server, { token: a.token, id: a.id, name: a.name });
    fx.track(back);
    expect(back.connected.rooms).toEqual([room.room_id]);
    await stillServing(b);
  });

  it('closes a socket that sends a malformed packet, ignores a non-string event name, and keeps serving', async () => {
    const a = await fx.user();
    rawEmit(a, '["create_room",{"game_type":');
    await a.waitFor('$disconnect', () => true, 5000);
    const b = await fx.user();
    rawEmit(b, '[42,{}]');
    await stillServing(b);
    expect(b.events('error')).toEqual([]);
    const c = await fx.user();
    rawEmit(c, '[{"event":"create_room"},{"game_type":"chat"}]');
    await c.waitFor('$disconnect', () => true, 5000);
    await stillServing(b);
  });

  it('answers UNKNOWN_EVENT for an absurdly long event name without echoing it whole', async () => {
    const a = await fx.user();
    const r = await a.request('e'.repeat(10_000), {});
    expect(r.error!.code).toBe('UNKNOWN_EVENT');
    expect(r.error!.message.length).toBeLessThan(200);
    await stillServing(a);
  });
});
