/**
 * The authorization matrix: every event of the router table × {stranger, spectator,
 * player (not on turn, not owner), kicked user} → the expected answer, on a fresh
 * started tictactoe room each time. The table must name every event: adding an event to
 * the router without a row here fails the first test. Expired tokens are refused at the
 * handshake and cut off live sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';
import { TestClient, mint } from '../support/client.js';
import { routerEvents } from '../support/router-events.js';

type Role = 'stranger' | 'spectator' | 'player' | 'kicked';
type Expect = 'ok' | string;
interface Fixture {
  room: string;
  ids: Record<Role | 'owner', string>;
  tokens: Record<Role | 'owner', string>;
  challenge: string;
}
type Row = { payload: (f: Fixture, role: Role) => unknown; expect: Record<Role, Expect> };

const all = (e: Expect): Record<Role, Expect> => ({ stranger: e, spectator: e, player: e, kicked: e });
const memberOnly = (member: Expect = 'ok'): Record<Role, Expect> => ({ stranger: 'NOT_IN_ROOM', spectator: member, player: member, kicked: 'NOT_IN_ROOM' });
const ownerOnly: Record<Role, Expect> = { stranger: 'NOT_IN_ROOM', spectator: 'FORBIDDEN', player: 'FORBIDDEN', kicked: 'NOT_IN_ROOM' };
const move: Record<Role, Expect> = { stranger: 'NOT_IN_ROOM', spectator: 'FORBIDDEN', player: 'INVALID_MOVE', kicked: 'NOT_IN_ROOM' };
const onRoom = (extra: object = {}) => (f: Fixture) => ({ room_id: f.room, ...extra });

const MATRIX: Record<string, Row> = {
  refresh_token: { payload: (f, role) => ({ token: f.tokens[role] }), expect: all('ok') },
  heartbeat: { payload: () => ({}), expect: all('ok') },
  create_room: { payload: () => ({ game_type: 'chat' }), expect: all('ok') },
  join_room: { payload: onRoom(), expect: { stranger: 'CONFLICT', spectator: 'ok', player: 'ok', kicked: 'FORBIDDEN' } },
  leave_room: { payload: onRoom(), expect: memberOnly() },
  get_room: { payload: onRoom(), expect: all('ok') },
  get_public_rooms: { payload: () => ({}), expect: all('ok') },
  list_rooms: { payload: () => ({}), expect: all('FORBIDDEN') },
  get_user_rooms: { payload: () => ({}), expect: all('ok') },
  join_random_game: { payload: () => ({ game_type: 'tictactoe' }), expect: all('ok') },
  start_game: { payload: onRoom(), expect: ownerOnly },
  kick_player: { payload: (f) => ({ room_id: f.room, user_id: f.ids.owner }), expect: ownerOnly },
  close_room: { payload: onRoom(), expect: all('FORBIDDEN') },
  update_room: { payload: onRoom({ metadata: { a: 1 } }), expect: ownerOnly },
  set_status: { payload: () => ({ status: 'away' }), expect: all('ok') },
  get_presence: { payload: (f) => ({ user_ids: [f.ids.owner] }), expect: all('ok') },
  game_action: { payload: onRoom({ action: 'mark', payload: { cell: 0 } }), expect: { ...move, player: 'NOT_YOUR_TURN' } },
  get_game_state: { payload: onRoom(), expect: memberOnly() },
  sync: { payload: onRoom({ since_version: 0 }), expect: memberOnly() },
  request_game_state: { payload: onRoom(), expect: memberOnly() },
  get_match_history: { payload: () => ({}), expect: all('ok') },
  send_message: { payload: onRoom({ text: 'hello' }), expect: memberOnly() },
  get_messages: { payload: onRoom(), expect: memberOnly() },
  join_nearby: { payload: () => ({ lat: 52.52, lng: 13.405 }), expect: all('ok') },
  challenge_player: { payload: (f) => ({ target_user_id: f.ids.owner }), expect: all('ok') },
  respond_to_challenge: { payload: (f) => ({ challenge_id: f.challenge, accept: false }), expect: { stranger: 'NOT_FOUND', spectator: 'NOT_FOUND', player: 'ok', kicked: 'NOT_FOUND' } },
  cancel_challenge: { payload: (f) => ({ challenge_id: f.challenge }), expect: { stranger: 'NOT_FOUND', spectator: 'NOT_FOUND', player: 'FORBIDDEN', kicked: 'NOT_FOUND' } },
  webrtc_offer: { payload: (f) => ({ room_id: f.room, to_user_id: f.ids.owner, sdp: 'v=0' }), expect: memberOnly() },
  webrtc_answer: { payload: (f) => ({ room_id: f.room, to_user_id: f.ids.owner, sdp: 'v=0' }), expect: memberOnly() },
  ice_candidate: { payload: (f) => ({ room_id: f.room, to_user_id: f.ids.owner, candidate: { candidate: 'c' } }), expect: memberOnly() },
  subscribe: { payload: () => ({ topic: 'lobby' }), expect: all('ok') },
  unsubscribe: { payload: () => ({ topic: 'lobby' }), expect: all('ok') },
  // module events on a tictactoe room: members reach the module, which does not know them
  submit_answer: { payload: onRoom({ round: 1, answer: true }), expect: move },
  update_challenge_score: { payload: onRoom({ score: 1 }), expect: move },
  roll_dice: { payload: onRoom(), expect: move },
  submit_manual_outcome: { payload: onRoom({ roll_id: 'r', outcome: 'single' }), expect: move },
  submit_defensive_decision: { payload: onRoom(), expect: move },
  submit_offensive_decision: { payload: onRoom(), expect: move },
  request_pinch_hitter: { payload: onRoom({ lineup_id: 'l', card_id: 'c' }), expect: move },
  request_defensive_replacement: { payload: onRoom({ lineup_id: 'l', card_id: 'c', position: 'C' }), expect: move },
  request_pitching_change: { payload: onRoom({ lineup_id: 'l', card_id: 'c' }), expect: move },
  get_lineup: { payload: onRoom({ team: 'away' }), expect: { ...memberOnly('INVALID_MOVE') } },
  get_box_score: { payload: onRoom(), expect: { ...memberOnly('INVALID_MOVE') } },
};

let server: TestServer;
const open: TestClient[] = [];

async function fixture(): Promise<{ f: Fixture; clients: Record<Role | 'owner', TestClient> }> {
  const who = await Promise.all((['owner', 'stranger', 'spectator', 'player', 'kicked'] as const).map((r) => mint(server, { name: r })));
  const clients = Object.fromEntries(await Promise.all(who.map(async (u) => [u.name, await TestClient.connect(server, u)]))) as Record<Role | 'owner', TestClient>;
  open.push(...Object.values(clients));
  const { owner, spectator, player, kicked } = clients;
  const room = (await owner.ok('create_room', { game_type: 'tictactoe' })).room.room_id;
  await player.ok('join_room', { room_id: room });
  await spectator.ok('join_room', { room_id: room, as: 'spectator' });
  await kicked.ok('join_room', { room_id: room, as: 'spectator' });
  await owner.ok('kick_player', { room_id: room, user_id: kicked.id });
  await owner.ok('start_game', { room_id: room });
  const challenge = (await owner.ok('challenge_player', { target_user_id: player.id })).challenge.challenge_id;
  const ids = Object.fromEntries(who.map((u) => [u.name, u.id])) as Fixture['ids'];
  const tokens = Object.fromEntries(who.map((u) => [u.name, u.token])) as Fixture['tokens'];
  return { f: { room, ids, tokens, challenge }, clients };
}

beforeAll(async () => {
  server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '0' } });
});
afterAll(async () => {
  for (const c of open) c.close();
  await server?.close();
});

describe('authorization matrix', () => {
  it('has a row for every event of the router table', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(routerEvents());
  });

  for (const [event, row] of Object.entries(MATRIX)) {
    it(`${event}: stranger ${row.expect.stranger}, spectator ${row.expect.spectator}, player ${row.expect.player}, kicked ${row.expect.kicked}`, async () => {
      for (const role of ['stranger', 'spectator', 'player', 'kicked'] as const) {
        const { f, clients } = await fixture();
        const env = await clients[role].request(event, row.payload(f, role));
        const got = env.success ? 'ok' : env.error!.code;
        expect(got, `${event} as ${role}: ${JSON.stringify(env.error ?? {})}`).toBe(row.expect[role]);
        for (const c of Object.values(clients)) c.close();
      }
    });
  }

  it('refuses an expired token at the handshake and cuts off a socket whose token expires', async () => {
    const expired = await mint(server, { ttlS: -10 });
    await expect(TestClient.connect(server, expired)).rejects.toThrow('AUTH_EXPIRED');
    const short = await mint(server, { ttlS: 1 });
    const c = await TestClient.connect(server, short);
    open.push(c);
    const err = await c.waitFor('error', (e) => e.code === 'AUTH_EXPIRED', 4000);
    expect(err.message).toBeTypeOf('string');
    await c.waitFor('$disconnect', () => true, 3000);
  });
});
