import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';
import { sleep } from '../support/client.js';

const fx = useServer({ env: { RECONNECT_GRACE_S: '60' } });
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A watcher and a subject sharing a chat room. */
async function watched() {
  const watcher = await fx.user();
  const subject = await fx.user();
  const { room } = await watcher.ok('create_room', { game_type: 'chat' });
  await subject.ok('join_room', { room_id: room.room_id });
  return { watcher, subject, roomId: room.room_id as string };
}

describe('presence', () => {
  it('keeps a user online until their last socket goes, then pushes offline once', async () => {
    const { watcher, subject } = await watched();
    const second = await fx.again(subject);
    await sleep(100);
    expect(watcher.events('presence_changed').filter((p) => p.user_id === subject.id)).toEqual([]);
    subject.close();
    await sleep(200);
    expect(watcher.events('presence_changed').filter((p) => p.user_id === subject.id)).toEqual([]);
    expect((await watcher.ok('get_presence', { user_ids: [subject.id] })).presence[subject.id].status).toBe('online');
    second.close();
    expect(await watcher.waitFor('presence_changed', (p) => p.user_id === subject.id)).toEqual({ user_id: subject.id, status: 'offline' });
    const p = (await watcher.ok('get_presence', { user_ids: [subject.id] })).presence[subject.id];
    expect(p).toEqual({ status: 'offline', last_seen: expect.stringMatching(ISO) });
    expect(Date.now() - Date.parse(p.last_seen)).toBeLessThan(5000);
    // the seat is still there (reconnect grace) and shows offline
    const seat = (await watcher.ok('get_room', { room_id: (await watcher.ok('get_user_rooms')).rooms[0].room_id })).room.players.find((x: any) => x.user_id === subject.id);
    expect(seat.online).toBe(false);
  });

  it('pushes online when a member connects again and puts the new socket in their rooms', async () => {
    const { watcher, subject, roomId } = await watched();
    subject.close();
    await watcher.waitFor('presence_changed', (p) => p.user_id === subject.id && p.status === 'offline');
    const back = await fx.again(subject);
    expect(back.connected.rooms).toEqual([roomId]);
    expect(await watcher.waitFor('presence_changed', (p) => p.user_id === subject.id && p.status === 'online')).toEqual({ user_id: subject.id, status: 'online' });
    await watcher.ok('send_message', { room_id: roomId, text: 'you are back' });
    await back.waitFor('new_message', (d) => d.message.text === 'you are back');
  });

  it('tells a member who shares two rooms with the user once per change, not once per room', async () => {
    const { watcher, subject } = await watched();
    const { room } = await watcher.ok('create_room', { game_type: 'chat' });
    await subject.ok('join_room', { room_id: room.room_id });
    await subject.ok('set_status', { status: 'away' });
    await watcher.waitFor('presence_changed', (p) => p.user_id === subject.id && p.status === 'away');
    await subject.ok('set_status', { status: 'busy' });
    await watcher.waitFor('presence_changed', (p) => p.user_id === subject.id && p.status === 'busy');
    await sleep(100);
    expect(watcher.events('presence_changed').filter((p) => p.user_id === subject.id).map((p) => p.status)).toEqual(['away', 'busy']);
  });

  it('sets a status with text, pushes it to room members and reports it in get_presence', async () => {
    const { watcher, subject } = await watched();
    expect(await subject.ok('set_status', { status: 'away', text: '  lunch  ' })).toEqual({});
    expect(await watcher.waitFor('presence_changed', (p) => p.user_id === subject.id && p.status === 'away')).toEqual({ user_id: subject.id, status: 'away', text: 'lunch' });
    const got = (await watcher.ok('get_presence', { user_ids: [subject.id, watcher.id, 'nobody_known'] })).presence;
    expect(got[subject.id]).toEqual({ status: 'away', text: 'lunch', last_seen: expect.stringMatching(ISO) });
    expect(got[watcher.id]).toMatchObject({ status: 'online' });
    expect(got).not.toHaveProperty('nobody_known');
    await subject.ok('set_status', { status: 'busy' });
    expect(await watcher.waitFor('presence_changed', (p) => p.user_id === subject.id && p.status === 'busy')).toEqual({ user_id: subject.id, status: 'busy' });
    expect((await watcher.ok('get_presence', { user_ids: [subject.id] })).presence[subject.id]).toEqual({ status: 'busy', last_seen: expect.any(String) });
  });

  it('refuses bad set_status and get_presence payloads with the field named', async () => {
    const a = await fx.user();
    const cases: [string, object, string][] = [
      ['set_status', { status: 'offline' }, 'status'],
      ['set_status', { status: 'away', text: 'x'.repeat(141) }, 'text'],
      ['set_status', {}, 'status'],
      ['get_presence', { user_ids: [] }, 'user_ids'],
      ['get_presence', { user_ids: Array.from({ length: 101 }, (_, i) => `u${i}`) }, 'user_ids'],
      ['get_presence', { user_ids: [5] }, 'user_ids.0'],
      ['get_presence', { user_ids: 'abc' }, 'user_ids'],
    ];
    for (const [event, payload, field] of cases) {
      const e = await a.err(event, payload);
      expect({ event, code: e.code, field: e.field }).toEqual({ event, code: 'VALIDATION_ERROR', field });
    }
    expect(await a.ok('set_status', { status: 'away', text: 'y'.repeat(140) })).toEqual({});
  });
});

describe('heartbeat and reply rules', () => {
  it('answers heartbeat with server_time through the ack, and as heartbeat_ack without one', async () => {
    const a = await fx.user();
    const r = await a.ok('heartbeat', {});
    expect(r).toEqual({ server_time: expect.stringMatching(ISO) });
    expect(Math.abs(Date.parse(r.server_time) - Date.now())).toBeLessThan(5000);
    expect((await a.ok('heartbeat')).server_time).toMatch(ISO);
    a.sock.emit('heartbeat');
    expect(await a.next('heartbeat_ack')).toEqual({ server_time: expect.stringMatching(ISO) });
  });

  it('emits <event>_success and error {event, code, message, field} when no ack is given', async () => {
    const a = await fx.user();
    a.sock.emit('create_room', { game_type: 'chat' });
    const created = await a.next('create_room_success');
    expect(created.room.owner_id).toBe(a.id);
    a.sock.emit('create_room', { game_type: 'chat', max_players: 'many' });
    expect(await a.next('error')).toEqual({ event: 'create_room', code: 'VALIDATION_ERROR', message: expect.any(String), field: 'max_players' });
    a.sock.emit('leave_room', { room_id: 'room_nowhere' });
    expect(await a.next('error')).toEqual({ event: 'leave_room', code: 'NOT_FOUND', message: expect.any(String) });
    a.sock.emit('get_user_rooms');
    expect((await a.next('get_user_rooms_success')).rooms.map((r: any) => r.room_id)).toEqual([created.room.room_id]);
  });

  it('answers UNKNOWN_EVENT only when an ack is given', async () => {
    const a = await fx.user();
    const r = await a.request('no_such_event', { x: 1 });
    expect(r).toEqual({ success: false, error: { code: 'UNKNOWN_EVENT', message: expect.any(String) } });
    a.sock.emit('another_unknown_event', { x: 1 });
    a.sock.emit('heartbeat');
    await a.next('heartbeat_ack');
    await sleep(100);
    expect(a.events('error')).toEqual([]);
    expect(a.log.map((e) => e.event)).not.toContain('another_unknown_event_success');
  });
});
