import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import ngeohash from 'ngeohash';
import { sleep } from '../support/client.js';

const fx = useServer();
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Two members of a fresh chat room. */
async function pair() {
  const a = await fx.user({ name: 'Ann' });
  const b = await fx.user({ name: 'Bob' });
  const { room } = await a.ok('create_room', { game_type: 'chat' });
  await b.ok('join_room', { room_id: room.room_id });
  return { a, b, roomId: room.room_id as string };
}

describe('send_message', () => {
  it('answers {message} and pushes new_message to every member, the sender included', async () => {
    const { a, b, roomId } = await pair();
    const { message } = await a.ok('send_message', { room_id: roomId, text: 'hello there' });
    expect(message).toEqual({ id: expect.any(String), user_id: a.id, name: 'Ann', text: 'hello there', ts: expect.stringMatching(ISO) });
    for (const c of [a, b]) expect(await c.waitFor('new_message', (d) => d.message.id === message.id)).toEqual({ room_id: roomId, message });
  });

  it('trims the text, keeps markup as given, and counts the 1000-character bound in code points', async () => {
    const { a, roomId } = await pair();
    expect((await a.ok('send_message', { room_id: roomId, text: '  padded \n' })).message.text).toBe('padded');
    expect((await a.ok('send_message', { room_id: roomId, text: '<b>bold</b> & <script>x</script>' })).message.text).toBe('<b>bold</b> & <script>x</script>');
    const emoji = '😀'.repeat(1000); // 2000 UTF-16 units, 1000 code points
    expect((await a.ok('send_message', { room_id: roomId, text: emoji })).message.text).toBe(emoji);
    for (const text of ['', '   ', '😀'.repeat(1001), 'x'.repeat(1001), 42, null]) {
      const e = await a.err('send_message', { room_id: roomId, text });
      expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'text']);
    }
    expect((await a.ok('send_message', { room_id: roomId, text: 'x'.repeat(1000) })).message.text).toHaveLength(1000);
  });

  it('is idempotent per user and room with client_msg_id', async () => {
    const { a, b, roomId } = await pair();
    const first = await a.ok('send_message', { room_id: roomId, text: 'once', client_msg_id: 'm-1' });
    const again = await a.ok('send_message', { room_id: roomId, text: 'once (retry)', client_msg_id: 'm-1' });
    expect(again.message).toEqual(first.message);
    // another user may use the same client id
    const other = await b.ok('send_message', { room_id: roomId, text: 'mine', client_msg_id: 'm-1' });
    expect(other.message.id).not.toBe(first.message.id);
    await b.waitFor('new_message', (d) => d.message.id === other.message.id);
    await sleep(100);
    expect(b.events('new_message').filter((d) => d.message.id === first.message.id)).toHaveLength(1);
    const texts = (await a.ok('get_messages', { room_id: roomId })).messages.map((m: any) => m.text);
    expect(texts).toEqual(['once', 'mine']);
  });

  it('answers NOT_IN_ROOM to a non-member, NOT_FOUND for an unknown room and ROOM_CLOSED after close', async () => {
    const { a, roomId } = await pair();
    const c = await fx.user();
    expect((await c.err('send_message', { room_id: roomId, text: 'hi' })).code).toBe('NOT_IN_ROOM');
    expect((await c.err('get_messages', { room_id: roomId })).code).toBe('NOT_IN_ROOM');
    expect((await c.err('send_message', { room_id: 'room_unknown', text: 'hi' })).code).toBe('NOT_FOUND');
    await a.ok('close_room', { room_id: roomId });
    expect((await a.err('send_message', { room_id: roomId, text: 'hi' })).code).toBe('ROOM_CLOSED');
  });

  it('lets spectators chat', async () => {
    const { a, roomId } = await pair();
    const s = await fx.user();
    await s.ok('join_room', { room_id: roomId, as: 'spectator' });
    const { message } = await s.ok('send_message', { room_id: roomId, text: 'watching' });
    await a.waitFor('new_message', (d) => d.message.id === message.id);
  });
});

describe('get_messages', () => {
  it('pages history oldest first with before_id and limit', async () => {
    const { a, b, roomId } = await pair();
    const sent: string[] = [];
    for (let i = 0; i < 25; i++) sent.push((await (i % 2 ? b : a).ok('send_message', { room_id: roomId, text: `m${i}` })).message.id);
    const all = (await a.ok('get_messages', { room_id: roomId })).messages;
    expect(all.map((m: any) => m.text)).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`));
    expect(all.every((m: any) => ISO.test(m.ts))).toBe(true);

    const last5 = (await a.ok('get_messages', { room_id: roomId, limit: 5 })).messages;
    expect(last5.map((m: any) => m.text)).toEqual(['m20', 'm21', 'm22', 'm23', 'm24']);
    const before = (await b.ok('get_messages', { room_id: roomId, before_id: last5[0].id, limit: 5 })).messages;
    expect(before.map((m: any) => m.text)).toEqual(['m15', 'm16', 'm17', 'm18', 'm19']);
    const start = (await b.ok('get_messages', { room_id: roomId, before_id: sent[2], limit: 50 })).messages;
    expect(start.map((m: any) => m.text)).toEqual(['m0', 'm1']);
    expect((await b.ok('get_messages', { room_id: roomId, before_id: sent[0] })).messages).toEqual([]);

    for (const limit of [0, 201, 1.5, '10']) {
      const e = await a.err('get_messages', { room_id: roomId, limit });
      expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'limit']);
    }
    expect((await a.ok('get_messages', { room_id: roomId, limit: 200 })).messages).toHaveLength(25);
  });

  it('returns at most 200 messages and joiners get the last 20 as recent_messages', async () => {
    const { a, roomId } = await pair();
    for (let i = 0; i < 205; i++) await a.ok('send_message', { room_id: roomId, text: `n${i}` });
    const page = (await a.ok('get_messages', { room_id: roomId, limit: 200 })).messages;
    expect(page).toHaveLength(200);
    expect(page[0].text).toBe('n5');
    expect(page[199].text).toBe('n204');
    const byDefault = (await a.ok('get_messages', { room_id: roomId })).messages;
    expect(byDefault.map((m: any) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `n${155 + i}`));
    const c = await fx.user();
    const joined = await c.ok('join_room', { room_id: roomId });
    expect(joined.recent_messages.map((m: any) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `n${185 + i}`));
  });
});

describe('join_nearby', () => {
  it('joins the geo_<geohash7> chat room, tells members user_joined, and carries recent messages', async () => {
    const lat = 48.8584;
    const lng = 2.2945;
    const gh = ngeohash.encode(lat, lng, 7);
    const a = await fx.user({ name: 'Ann' });
    const b = await fx.user({ name: 'Bob' });
    const r = await a.ok('join_nearby', { lat, lng });
    expect(r).toEqual({ room_id: `geo_${gh}`, geohash: gh, recent_messages: [] });
    await a.ok('send_message', { room_id: r.room_id, text: 'bonjour' });
    const rb = await b.ok('join_nearby', { lat: lat + 0.0001, lng });
    expect(rb.room_id).toBe(r.room_id);
    expect(rb.recent_messages.map((m: any) => m.text)).toEqual(['bonjour']);
    expect(await a.waitFor('user_joined', (d) => d.user_id === b.id)).toEqual({ room_id: r.room_id, user_id: b.id, name: 'Bob' });
    const { room } = await b.ok('get_room', { room_id: r.room_id });
    expect(room).toMatchObject({ game_type: 'chat', permission: 'public', max_players: 500 });
    expect(room.players.map((p: any) => p.user_id).sort()).toEqual([a.id, b.id].sort());
  });

  it("leaves the caller's previous geo room when they move", async () => {
    const a = await fx.user();
    const b = await fx.user();
    const first = await a.ok('join_nearby', { lat: 51.5007, lng: -0.1246 });
    await b.ok('join_nearby', { lat: 51.5007, lng: -0.1246 });
    const second = await a.ok('join_nearby', { lat: 40.6892, lng: -74.0445 });
    expect(second.room_id).not.toBe(first.room_id);
    expect(await b.waitFor('player_left', (d) => d.user_id === a.id)).toEqual({ room_id: first.room_id, user_id: a.id, reason: 'left' });
    const rooms = (await a.ok('get_user_rooms')).rooms.map((r: any) => r.room_id);
    expect(rooms).toContain(second.room_id);
    expect(rooms).not.toContain(first.room_id);
    expect((await a.err('send_message', { room_id: first.room_id, text: 'x' })).code).toBe('NOT_IN_ROOM');
  });

  it('keeps the caller in non-geo rooms and answers joining the same cell again without error', async () => {
    const a = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    const g = await a.ok('join_nearby', { lat: -33.8568, lng: 151.2153 });
    const again = await a.ok('join_nearby', { lat: -33.8568, lng: 151.2153 });
    expect(again.room_id).toBe(g.room_id);
    const rooms = (await a.ok('get_user_rooms')).rooms.map((r: any) => r.room_id);
    expect(rooms.sort()).toEqual([room.room_id, g.room_id].sort());
  });

  it('reserves geo_ room ids: nobody can squat a location room with create_room', async () => {
    const lat = 35.6586;
    const lng = 139.7454;
    const gh = ngeohash.encode(lat, lng, 7);
    const squatter = await fx.user();
    const e = await squatter.err('create_room', { game_type: 'tictactoe', room_id: `geo_${gh}`, permission: 'private', password: 'mine' });
    expect([e.code, e.field]).toEqual(['VALIDATION_ERROR', 'room_id']);
    const a = await fx.user();
    const r = await a.ok('join_nearby', { lat, lng });
    expect(r.room_id).toBe(`geo_${gh}`);
    expect((await a.ok('get_room', { room_id: r.room_id })).room).toMatchObject({ game_type: 'chat', permission: 'public', has_password: false });
  });

  it('lets no member lock, kick from or close a location room; only an admin may close it', async () => {
    const first = await fx.user();
    const second = await fx.user();
    const r = await first.ok('join_nearby', { lat: 52.5163, lng: 13.3777 });
    await second.ok('join_nearby', { lat: 52.5163, lng: 13.3777 });
    const room = r.room_id;
    expect((await first.err('update_room', { room_id: room, permission: 'private', password: 'locked' })).code).toBe('FORBIDDEN');
    expect((await first.err('kick_player', { room_id: room, user_id: second.id })).code).toBe('FORBIDDEN');
    expect((await first.err('close_room', { room_id: room })).code).toBe('FORBIDDEN');
    const after = (await second.ok('get_room', { room_id: room })).room;
    expect(after).toMatchObject({ permission: 'public', has_password: false, status: 'waiting' });
    expect(after.players).toHaveLength(2);
    const admin = await fx.user({ roles: ['admin'] });
    expect(await admin.ok('close_room', { room_id: room })).toEqual({ room_id: room });
    // the next visitor opens it again
    const again = await second.ok('join_nearby', { lat: 52.5163, lng: 13.3777 });
    expect(again.room_id).toBe(room);
    expect((await second.ok('get_room', { room_id: room })).room.status).toBe('waiting');
  });

  it('refuses coordinates out of range or of the wrong type with the field named', async () => {
    const a = await fx.user();
    const cases: [object, string][] = [
      [{ lat: 90.5, lng: 0 }, 'lat'],
      [{ lat: -91, lng: 0 }, 'lat'],
      [{ lat: 0, lng: 180.01 }, 'lng'],
      [{ lat: 0, lng: -181 }, 'lng'],
      [{ lat: '10', lng: 0 }, 'lat'],
      [{ lng: 0 }, 'lat'],
      [{ lat: 0 }, 'lng'],
      [{ lat: 0, lng: 0, radius: 5 }, 'radius'],
    ];
    for (const [payload, field] of cases) {
      const e = await a.err('join_nearby', payload);
      expect({ payload, code: e.code, field: e.field }).toEqual({ payload, code: 'VALIDATION_ERROR', field });
    }
    expect((await a.ok('join_nearby', { lat: 90, lng: -180 })).room_id).toMatch(/^geo_[0-9a-z]{7}$/);
  });
});
