/** Room management (SPEC §5): update_room and close_room, owner only. */
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/fixture.js';

const fx = useServer();
const ids = (rooms: { room_id: string }[]) => rooms.map((r) => r.room_id);

describe('update_room', () => {
  it('lets the owner change metadata, permission and password and tells members room_updated', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    const r = await a.ok('update_room', { room_id: room.room_id, metadata: { level: 2 } });
    expect(r.room.metadata).toEqual({ level: 2 });
    expect((await b.waitFor('room_updated', (d) => d.room.metadata.level === 2)).room.room_id).toBe(room.room_id);

    const priv = await a.ok('update_room', { room_id: room.room_id, permission: 'private', password: 'pw' });
    expect(priv.room).toMatchObject({ permission: 'private', has_password: true });
    expect(ids((await b.ok('get_public_rooms', { limit: 200 })).rooms)).not.toContain(room.room_id);
    const c = await fx.user();
    expect((await c.err('join_room', { room_id: room.room_id })).code).toBe('WRONG_PASSWORD');
    expect((await a.ok('update_room', { room_id: room.room_id, password: '' })).room.has_password).toBe(false);
    expect((await c.ok('join_room', { room_id: room.room_id })).status).toBe('joined');
  });

  it('answers FORBIDDEN to a member who is not the owner and NOT_IN_ROOM to a stranger', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const c = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    expect((await b.err('update_room', { room_id: room.room_id, metadata: { x: 1 } })).code).toBe('FORBIDDEN');
    expect((await c.err('update_room', { room_id: room.room_id, metadata: { x: 1 } })).code).toBe('NOT_IN_ROOM');
    expect((await a.ok('get_room', { room_id: room.room_id })).room.metadata).toEqual({});
  });
});

describe('close_room', () => {
  it('closes the room for every member with reason closed, after which it refuses every action', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const c = await fx.user();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    await a.ok('send_message', { room_id: room.room_id, text: 'bye' });
    expect(await a.ok('close_room', { room_id: room.room_id })).toEqual({ room_id: room.room_id });
    const closed = { room_id: room.room_id, reason: 'closed' };
    expect(await a.waitFor('room_closed')).toEqual(closed);
    expect(await b.waitFor('room_closed')).toEqual(closed);
    await b.waitFor('user_joined_rooms', (d) => !d.rooms.includes(room.room_id));

    expect((await a.ok('get_room', { room_id: room.room_id })).room.status).toBe('closed');
    expect((await c.err('join_room', { room_id: room.room_id })).code).toBe('ROOM_CLOSED');
    expect((await b.err('leave_room', { room_id: room.room_id })).code).toBe('ROOM_CLOSED');
    expect((await b.err('send_message', { room_id: room.room_id, text: 'hello?' })).code).toBe('ROOM_CLOSED');
    expect((await a.err('update_room', { room_id: room.room_id, metadata: {} })).code).toBe('ROOM_CLOSED');
    expect((await a.err('kick_player', { room_id: room.room_id, user_id: b.id })).code).toBe('ROOM_CLOSED');
    expect((await a.err('close_room', { room_id: room.room_id })).code).toBe('ROOM_CLOSED');
    // history stays
    expect((await a.ok('get_messages', { room_id: room.room_id })).messages.map((m: any) => m.text)).toEqual(['bye']);
    expect(ids((await a.ok('get_user_rooms')).rooms)).not.toContain(room.room_id);
    expect(ids((await a.ok('get_public_rooms', { has_space: false, include_active: true, limit: 200 })).rooms)).not.toContain(room.room_id);
  });

  it('answers FORBIDDEN to a member who is not the owner, and lets an admin close any room', async () => {
    const a = await fx.user();
    const b = await fx.user();
    const admin = await fx.user({ roles: ['admin'] });
    const { room } = await a.ok('create_room', { game_type: 'chat', permission: 'private' });
    await b.ok('join_room', { room_id: room.room_id });
    expect((await b.err('close_room', { room_id: room.room_id })).code).toBe('FORBIDDEN');
    expect(await admin.ok('close_room', { room_id: room.room_id })).toEqual({ room_id: room.room_id });
    expect((await a.waitFor('room_closed')).reason).toBe('closed');
  });

  it('answers NOT_FOUND to a stranger closing a private room and FORBIDDEN for a public one', async () => {
    const a = await fx.user();
    const stranger = await fx.user();
    const priv = (await a.ok('create_room', { game_type: 'chat', permission: 'private' })).room;
    const pub = (await a.ok('create_room', { game_type: 'chat' })).room;
    expect((await stranger.err('close_room', { room_id: priv.room_id })).code).toBe('NOT_FOUND');
    expect((await stranger.err('close_room', { room_id: pub.room_id })).code).toBe('FORBIDDEN');
    expect((await stranger.err('close_room', { room_id: 'room_unknown' })).code).toBe('NOT_FOUND');
    expect((await a.ok('get_room', { room_id: priv.room_id })).room.status).toBe('waiting');
  });
});
