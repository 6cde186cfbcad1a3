/**
 * Parlor as a library (SPEC §15): a game defined here, in the test, is served by
 * `createParlor` (imported from src/index.ts) and played over socket.io; the typed hooks
 * fire after the change is durable (checked in the SQLite file from inside the hook) and
 * a throwing hook breaks nothing; a duplicate game_type stops the start. The game has
 * min 2 / max 4 players, so it also proves the delayed `auto_start` of SPEC §5 — in
 * process, and across a `kill -9` of a child process that embeds Parlor from dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { action, createParlor, defineGame, invalid, type HookEvents, type Parlor } from '../../src/index.js';
import { TestClient } from '../support/client.js';
import { freePort } from '../support/server.js';
import { ISO, indexOf, poll } from '../support/games.js';

/** "Race to 3": players take turns in seat order; each `step` moves the mover one square; 3 wins. */
interface RaceState {
  players: { user_id: string; seat: number }[];
  squares: number[];
  next: number;
  winner: string | null;
}

const raceTo3 = defineGame<RaceState>({
  type: 'race_to_3',
  minPlayers: 2,
  maxPlayers: 4,
  setup: (ctx) => ({ players: ctx.players.map(({ user_id, seat }) => ({ user_id, seat })), squares: ctx.players.map(() => 0), next: 0, winner: null }),
  actions: {
    step: action(z.object({ squares: z.literal(1) }).strict(), (s, _p, actor) => {
      if (s.winner) return { reject: 'GAME_OVER' };
      if (s.players[s.next]!.seat !== actor.seat) return { reject: 'NOT_YOUR_TURN' };
      const squares = s.squares.map((n, i) => (i === s.next ? n + 1 : n));
      const winner = squares[s.next] === 3 ? actor.user_id : null;
      return { state: { ...s, squares, next: (s.next + 1) % s.players.length, winner }, result: { at: squares[s.next] } };
    }),
    jump: action(z.object({}).strict(), () => invalid('NO_JUMPING', 'one square at a time')),
  },
  view: (s) => ({ squares: Object.fromEntries(s.players.map((p, i) => [p.user_id, s.squares[i]])), turn: s.winner ? null : s.players[s.next]!.user_id }),
  turn: (s) => (s.winner ? [] : [s.players[s.next]!.seat]),
  result: (s) => (s.winner ? { winner: s.winner } : undefined),
  aliases: { step_forward: { action: 'step', payloadKeys: ['squares'] } },
});

const SECRET = randomBytes(24).toString('hex');
const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-lib-'));
  dirs.push(d);
  return d;
};
const clients: TestClient[] = [];

async function connect(url: string, secret = SECRET, name = `p${randomBytes(2).toString('hex')}`, id = `u_${randomBytes(5).toString('hex')}`): Promise<TestClient> {
  const token = await new SignJWT({ name }).setProtectedHeader({ alg: 'HS256' }).setSubject(id).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret));
  const c = await TestClient.connect(url, { token, id, name });
  clients.push(c);
  return c;
}

afterAll(() => {
  for (const c of clients) c.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('createParlor', () => {
  let parlor: Parlor;
  let db: Database.Database;
  /** Every hook call, with what SQLite held at that moment. */
  const fired: { name: keyof HookEvents; info: any; stored: any }[] = [];

  beforeAll(async () => {
    const dataDir = tempDir();
    parlor = await createParlor({
      games: [raceTo3],
      config: { port: 0, host: '127.0.0.1', dataDir, jwtSecret: SECRET, randomStartDelayS: 2, rateLimitScale: 100, logLevel: 'silent' },
    });
    db = new Database(path.join(dataDir, 'parlor.sqlite'), { readonly: true, fileMustExist: true });
    const room = (id: string) => {
      const row = db.prepare('select status, data from rooms where room_id = ?').get(id) as { status: string; data: string } | undefined;
      return row ? { status: row.status, ...JSON.parse(row.data) } : null;
    };
    parlor.on('room_created', (r) => void fired.push({ name: 'room_created', info: r, stored: room(r.room_id) }));
    parlor.on('room_joined', (i) => void fired.push({ name: 'room_joined', info: i, stored: room(i.room.room_id) }));
    parlor.on('room_left', (i) => void fired.push({ name: 'room_left', info: i, stored: room(i.room_id) }));
    parlor.on('room_closed', (i) => void fired.push({ name: 'room_closed', info: i, stored: room(i.room_id) }));
    parlor.on('game_over', (i) => void fired.push({ name: 'game_over', info: i, stored: db.prepare('select * from matches where room_id = ?').get(i.room_id) }));
  });
  afterAll(async () => {
    db?.close();
    await parlor?.close();
  });

  const hooks = (name: keyof HookEvents, roomId: string) => fired.filter((f) => f.name === name && (f.info.room_id ?? f.info.room?.room_id) === roomId);

  it('serves a game defined by the embedder, with its actions, refusals and alias event, over socket.io', async () => {
    expect(parlor.port).toBeGreaterThan(0);
    expect(parlor.url).toBe(`http://127.0.0.1:${parlor.port}`);
    const [a, b] = [await connect(parlor.url), await connect(parlor.url)];
    const { room } = await a.ok('create_room', { game_type: 'race_to_3' });
    expect(room).toMatchObject({ min_players: 2, max_players: 4, status: 'waiting' });
    expect((await a.err('create_room', { game_type: 'race_to_3', max_players: 5 })).field).toBe('max_players');
    await b.ok('join_room', { room_id: room.room_id });
    const { state } = await a.ok('start_game', { room_id: room.room_id });
    expect(state).toEqual({ squares: { [a.id]: 0, [b.id]: 0 }, turn: a.id });

    const step = (c: TestClient) => c.ok('game_action', { room_id: room.room_id, action: 'step', payload: { squares: 1 } });
    expect(await step(a)).toEqual({ version: 1, result: { at: 1 } });
    expect((await a.err('game_action', { room_id: room.room_id, action: 'step', payload: { squares: 1 } })).code).toBe('NOT_YOUR_TURN');
    expect(await b.err('game_action', { room_id: room.room_id, action: 'jump' })).toMatchObject({ code: 'INVALID_MOVE', reason: 'NO_JUMPING' });
    expect(await b.err('game_action', { room_id: room.room_id, action: 'step', payload: { squares: 2 } })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.squares' });
    expect(await b.err('step_forward', { room_id: room.room_id, squares: 2 })).toMatchObject({ code: 'VALIDATION_ERROR', field: 'squares' });
    expect(await b.ok('step_forward', { room_id: room.room_id, squares: 1 })).toEqual({ version: 2, result: { at: 1 } });
    await step(a);
    await step(b);
    await step(a);
    const over = await b.waitFor('game_over', (e) => e.room_id === room.room_id);
    expect(over).toEqual({ room_id: room.room_id, result: { winner: a.id } });
    expect((await b.ok('get_game_state', { room_id: room.room_id })).state).toEqual({ squares: { [a.id]: 3, [b.id]: 2 }, turn: null });
    expect((await b.ok('get_match_history')).matches[0]).toMatchObject({ room_id: room.room_id, game_type: 'race_to_3', players: [a.id, b.id], result: { winner: a.id } });
  });

  it('fires room_created, room_joined, room_left, room_closed and game_over after each change is stored', async () => {
    const [a, b, fan] = [await connect(parlor.url), await connect(parlor.url), await connect(parlor.url)];
    const { room } = await a.ok('create_room', { game_type: 'race_to_3', metadata: { arena: 'north' } });
    const id = room.room_id;
    const created = hooks('room_created', id);
    expect(created).toHaveLength(1);
    expect(created[0]!.info).toEqual(room);
    expect(created[0]!.stored).toMatchObject({ status: 'waiting', room_id: id, metadata: { arena: 'north' } });

    await b.ok('join_room', { room_id: id });
    await fan.ok('join_room', { room_id: id, as: 'spectator' });
    const joined = hooks('room_joined', id);
    expect(joined.map((j) => [j.info.user_id, j.info.as])).toEqual([[b.id, 'player'], [fan.id, 'spectator']]);
    expect(joined[0]!.info.room).toMatchObject({ room_id: id, players: [{ user_id: a.id }, { user_id: b.id }] });
    expect(joined[0]!.stored.players.map((p: any) => p.user_id)).toEqual([a.id, b.id]);
    expect(joined[1]!.stored.spectators.map((s: any) => s.user_id)).toEqual([fan.id]);

    await fan.ok('leave_room', { room_id: id });
    const left = hooks('room_left', id);
    expect(left.map((l) => l.info)).toEqual([{ room_id: id, user_id: fan.id, reason: 'left' }]);
    expect(left[0]!.stored.spectators).toEqual([]);

    await a.ok('start_game', { room_id: id });
    for (const c of [a, b, a, b, a]) await c.ok('game_action', { room_id: id, action: 'step', payload: { squares: 1 } });
    await a.waitFor('game_over', (e) => e.room_id === id);
    const over = hooks('game_over', id);
    expect(over).toHaveLength(1);
    expect(over[0]!.info).toEqual({ room_id: id, game_type: 'race_to_3', players: [a.id, b.id], result: { winner: a.id } });
    expect(over[0]!.stored).toMatchObject({ room_id: id, game_type: 'race_to_3' });
    expect(JSON.parse(over[0]!.stored.result)).toEqual({ winner: a.id });

    await a.ok('close_room', { room_id: id });
    const closed = hooks('room_closed', id);
    expect(closed.map((c) => c.info)).toEqual([{ room_id: id, reason: 'closed' }]);
    expect(closed[0]!.stored.status).toBe('closed');
  });

  it('logs a throwing or rejecting hook and still answers the request; on() returns an unsubscribe', async () => {
    let calls = 0;
    const offThrow = parlor.on('room_created', () => {
      calls++;
      throw new Error('hook bug');
    });
    const offReject = parlor.on('room_created', async () => {
      calls++;
      throw new Error('async hook bug');
    });
    const a = await connect(parlor.url);
    const { room } = await a.ok('create_room', { game_type: 'race_to_3' });
    expect(room.status).toBe('waiting');
    expect(calls).toBe(2);
    expect(hooks('room_created', room.room_id)).toHaveLength(1); // the other listeners still ran
    expect((await a.ok('get_room', { room_id: room.room_id })).room.room_id).toBe(room.room_id);
    offThrow();
    offReject();
    await a.ok('create_room', { game_type: 'race_to_3' });
    expect(calls).toBe(2);
  });

  it('starts a matchmade room RANDOM_START_DELAY_S after it reaches min_players, and at once when it fills', async () => {
    const meta = { mm: 'delayed' };
    const [a, b] = [await connect(parlor.url), await connect(parlor.url)];
    const first = await a.ok('join_random_game', { game_type: 'race_to_3', metadata: meta });
    expect(first).toMatchObject({ status: 'created', room: { auto_start: true, min_players: 2, max_players: 4 } });
    const room_id = first.room.room_id;
    const t0 = Date.now();
    expect(await b.ok('join_random_game', { game_type: 'race_to_3', metadata: meta })).toMatchObject({ status: 'joined', room: { room_id } });
    const starting = await a.waitFor('game_starting', (e) => e.room_id === room_id);
    expect(starting).toEqual({ room_id, starts_at: expect.stringMatching(ISO) });
    expect(Date.parse(starting.starts_at) - t0).toBeGreaterThanOrEqual(1800);
    expect(Date.parse(starting.starts_at) - t0).toBeLessThanOrEqual(3500);
    expect((await a.ok('get_room', { room_id })).room.status).toBe('waiting');
    const started = await b.waitFor('game_started', (e) => e.room_id === room_id, 5000);
    expect(started).toEqual({ room_id, version: 0 });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(starting.starts_at) - 50);
    expect(indexOf(b, 'game_starting', (e) => e.room_id === room_id)).toBeLessThan(indexOf(b, 'game_started', (e) => e.room_id === room_id));
    expect((await a.ok('get_game_state', { room_id })).state.turn).toBe(a.id);

    // four players: the delay starts at two, the fourth fills the room and it starts at once
    const four = [await connect(parlor.url), await connect(parlor.url), await connect(parlor.url), await connect(parlor.url)];
    const meta4 = { mm: 'full' };
    const r0 = await four[0]!.ok('join_random_game', { game_type: 'race_to_3', metadata: meta4 });
    for (const c of four.slice(1)) expect((await c.ok('join_random_game', { game_type: 'race_to_3', metadata: meta4 })).room.room_id).toBe(r0.room.room_id);
    const delayed = await four[0]!.waitFor('game_starting', (e) => e.room_id === r0.room.room_id);
    const filled = await four[3]!.waitFor('game_starting', (e) => e.room_id === r0.room.room_id);
    expect(Date.parse(filled.starts_at)).toBeLessThan(Date.parse(delayed.starts_at)); // at once, not the delayed start
    const go = await four[3]!.waitFor('game_started', (e) => e.room_id === r0.room.room_id, 4000);
    expect(go.version).toBe(0);
    expect(Date.now()).toBeLessThan(Date.parse(delayed.starts_at));
    const { room } = await four[0]!.ok('get_room', { room_id: r0.room.room_id });
    expect(room).toMatchObject({ status: 'active' });
    expect(room.players.map((p: any) => p.seat)).toEqual([0, 1, 2, 3]);
    await new Promise((r) => setTimeout(r, 2300)); // past the delayed start: it must not start twice
    expect(four[0]!.events('game_started').filter((e) => e.room_id === r0.room.room_id)).toHaveLength(1);
    expect((await four[0]!.ok('get_game_state', { room_id: r0.room.room_id })).version).toBe(0);
  });

  it('cancels a delayed start when the room drops below min_players', async () => {
    const meta = { mm: 'dropout' };
    const [a, b] = [await connect(parlor.url), await connect(parlor.url)];
    const { room } = await a.ok('join_random_game', { game_type: 'race_to_3', metadata: meta });
    await b.ok('join_random_game', { game_type: 'race_to_3', metadata: meta });
    await a.waitFor('game_starting', (e) => e.room_id === room.room_id);
    await b.ok('leave_room', { room_id: room.room_id });
    await new Promise((r) => setTimeout(r, 2500));
    expect((await a.ok('get_room', { room_id: room.room_id })).room.status).toBe('waiting');
    expect(a.events('game_started').filter((e) => e.room_id === room.room_id)).toEqual([]);
  });
});

describe('start-up errors', () => {
  it('refuses a game_type that is already registered, shipped or added twice', async () => {
    const config = { port: 0, host: '127.0.0.1', jwtSecret: SECRET, logLevel: 'silent' };
    await expect(createParlor({ games: [{ ...raceTo3, type: 'tictactoe' }], config: { ...config, dataDir: tempDir() } })).rejects.toThrow(/duplicate game_type "tictactoe"/);
    await expect(createParlor({ games: [raceTo3, { ...raceTo3 }], config: { ...config, dataDir: tempDir() } })).rejects.toThrow(/duplicate game_type "race_to_3"/);
    await expect(createParlor({ games: [{ ...raceTo3, type: 'chat' }], config: { ...config, dataDir: tempDir() } })).rejects.toThrow(/chat/);
  });
});

describe('an embedding process killed with -9', () => {
  const dist = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'index.js')).href;
  // The same game in plain JS, for a child process that embeds the built package.
  const script = `
    import { createParlor, defineGame, action } from ${JSON.stringify(dist)};
    import { z } from 'zod';
    const race = defineGame({
      type: 'race_to_3', minPlayers: 2, maxPlayers: 4,
      setup: (ctx) => ({ players: ctx.players.map(({ user_id, seat }) => ({ user_id, seat })), squares: ctx.players.map(() => 0), next: 0, winner: null }),
      actions: { step: action(z.object({ squares: z.literal(1) }).strict(), (s, _p, actor) => {
        if (s.players[s.next].seat !== actor.seat) return { reject: 'NOT_YOUR_TURN' };
        const squares = s.squares.map((n, i) => (i === s.next ? n + 1 : n));
        return { state: { ...s, squares, next: (s.next + 1) % s.players.length, winner: squares[s.next] === 3 ? actor.user_id : null } };
      }) },
      view: (s) => ({ squares: s.squares, turn: s.winner ? null : s.players[s.next].user_id }),
      turn: (s) => (s.winner ? [] : [s.players[s.next].seat]),
      result: (s) => (s.winner ? { winner: s.winner } : undefined),
    });
    const parlor = await createParlor({ games: [race] });
    console.log('listening ' + parlor.port);
  `;
  let child: ChildProcess | null = null;
  afterAll(() => void child?.kill('SIGKILL'));

  async function launch(env: Record<string, string>): Promise<void> {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: path.resolve(fileURLToPath(import.meta.url), '..', '..', '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`embedded parlor did not start:\n${out}`)), 20_000);
      const onData = (b: Buffer) => {
        out += b.toString();
        if (out.includes('listening ')) {
          clearTimeout(t);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.on('exit', (code) => reject(new Error(`embedded parlor exited with ${code}:\n${out}`)));
    });
  }

  it('still runs a pending auto-start after a restart on the same data', async () => {
    const port = await freePort();
    const secret = randomBytes(24).toString('hex');
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: tempDir(), JWT_SECRET: secret, RANDOM_START_DELAY_S: '8', LOG_LEVEL: 'warn', RATE_LIMIT_SCALE: '100' };
    const url = `http://127.0.0.1:${port}`;
    await launch(env);
    const [ida, idb] = [`u_${randomBytes(4).toString('hex')}`, `u_${randomBytes(4).toString('hex')}`];
    const a = await connect(url, secret, 'A', ida);
    const b = await connect(url, secret, 'B', idb);
    const { room } = await a.ok('join_random_game', { game_type: 'race_to_3' });
    await b.ok('join_random_game', { game_type: 'race_to_3' });
    const starting = await a.waitFor('game_starting', (e) => e.room_id === room.room_id);
    const due = Date.parse(starting.starts_at);

    const exited = new Promise((r) => child!.once('exit', r));
    child!.kill('SIGKILL');
    await exited;
    await launch(env);
    const [a2, b2] = [await connect(url, secret, 'A', ida), await connect(url, secret, 'B', idb)];
    expect(a2.connected.rooms).toEqual([room.room_id]);
    const backInTime = Date.now() < due - 500; // on a loaded machine the restart may take longer than the delay
    if (backInTime) expect((await a2.ok('get_room', { room_id: room.room_id })).room.status).toBe('waiting');
    // nobody calls start_game and 2 of 4 seats do not fill the room: only the auto-start timer can start it
    await poll(async () => (await a2.ok('get_room', { room_id: room.room_id })).room.status === 'active', 25_000);
    if (backInTime) {
      for (const c of [a2, b2]) expect(await c.waitFor('game_started', (e) => e.room_id === room.room_id)).toEqual({ room_id: room.room_id, version: 0 });
      expect(Date.now()).toBeGreaterThanOrEqual(due - 250);
    }
    expect(await a2.ok('game_action', { room_id: room.room_id, action: 'step', payload: { squares: 1 } })).toEqual({ version: 1 });
    child!.kill('SIGKILL');
  }, 60_000);
});
