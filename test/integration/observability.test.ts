/**
 * Observability (SPEC §13): the Prometheus metrics count exactly what happened, the JSON
 * log has one line per event with event, user_id, room_id and duration, and neither logs
 * nor replies ever carry secrets or internals.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, freePort } from '../support/server.js';
import { TestClient, connectGuest, mint, sleep } from '../support/client.js';

const FAULTY_MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'faulty-parlor.mjs');

/** A TestServer that runs test/support/faulty-parlor.mjs (Parlor with a module whose action throws). */
class FaultyServer extends TestServer {
  static async startFaulty(env: Record<string, string>): Promise<FaultyServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-faulty-'));
    const s = new FaultyServer(await freePort(), dataDir, { JWT_SECRET: randomBytes(24).toString('hex'), ...env });
    await s.launch();
    return s;
  }

  override async launch(): Promise<void> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('npm_')) env[k] = v;
    for (const k of ['REDIS_URL', 'DATABASE_URL', 'NODE_ENV']) delete env[k];
    Object.assign(env, this.env, { PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir });
    this.output = '';
    const child = spawn(process.execPath, [FAULTY_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (b) => (this.output += b.toString()));
    child.stderr!.on('data', (b) => (this.output += b.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`faulty server exited with ${child.exitCode}:\n${this.output}`);
      const up = await fetch(`${this.url}/health`).then((r) => r.ok, () => false);
      if (up) return;
      await sleep(50);
    }
    throw new Error(`faulty server did not become healthy:\n${this.output}`);
  }
}

type Samples = Map<string, number>;

/** Parses Prometheus text into `name{k="v",…}` (labels sorted) → value. */
function parseMetrics(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) throw new Error(`unparsable metrics line: ${line}`);
    const labels = [...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((l) => `${l[1]}="${l[2]}"`).sort();
    out.set(`${m[1]}{${labels.join(',')}}`, Number(m[3]));
  }
  return out;
}

function key(name: string, labels: Record<string, string> = {}): string {
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',')}}`;
}

let server: TestServer;
const clients: TestClient[] = [];
const track = (c: TestClient) => (clients.push(c), c);
const guestClient = async (name?: string) => track(await connectGuest(server, name));

async function scrape(s: TestServer = server): Promise<{ text: string; samples: Samples; get: (name: string, labels?: Record<string, string>) => number }> {
  const r = await fetch(`${s.url}/metrics`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await r.text();
  const samples = parseMetrics(text);
  return { text, samples, get: (name, labels = {}) => samples.get(key(name, labels)) ?? 0 };
}

/** Parsed JSON log lines of the server so far (every line of its output must be JSON). */
function logLines(s: TestServer = server): any[] {
  return s.output
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        throw new Error(`server output line is not JSON: ${l}`);
      }
    });
}

async function until<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(50);
  }
}

beforeAll(async () => {
  server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '100', LOG_LEVEL: 'info' } });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});

describe('metrics', () => {
  it('counts each handled event exactly once, by event and outcome, with its duration', async () => {
    const c = await guestClient();
    const before = await scrape();

    for (let i = 0; i < 5; i++) await c.ok('heartbeat');
    c.sock.emit('heartbeat');
    c.sock.emit('heartbeat');
    await until(() => c.events('heartbeat_ack').length, (n) => n === 2);
    const codes = new Set<string>();
    for (let i = 0; i < 3; i++) codes.add((await c.err('create_room', { game_type: 'no_such_game' })).code);
    expect(codes.size).toBe(1);
    const [code] = [...codes];
    expect((await c.err('heartbeat', { surprise: true })).code).toBe('VALIDATION_ERROR');

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => after.get(name, labels) - before.get(name, labels);
    expect(delta('parlor_events_total', { event: 'heartbeat', outcome: 'ok' })).toBe(7);
    expect(delta('parlor_events_total', { event: 'heartbeat', outcome: 'VALIDATION_ERROR' })).toBe(1);
    expect(delta('parlor_events_total', { event: 'create_room', outcome: code! })).toBe(3);
    expect(delta('parlor_events_total', { event: 'create_room', outcome: 'ok' })).toBe(0);
    expect(delta('parlor_event_duration_seconds_count', { event: 'heartbeat' })).toBe(8);
    expect(delta('parlor_event_duration_seconds_count', { event: 'create_room' })).toBe(3);
    expect(delta('parlor_event_duration_seconds_bucket', { event: 'heartbeat', le: '+Inf' })).toBe(8);
    expect(delta('parlor_event_duration_seconds_sum', { event: 'heartbeat' })).toBeGreaterThan(0);
    // Handling a heartbeat is fast: every one of them falls in the 100 ms bucket.
    expect(delta('parlor_event_duration_seconds_bucket', { event: 'heartbeat', le: '0.1' })).toBe(8);
    // The total over every label moved by exactly what this client did.
    const total = (s: Samples) => [...s].filter(([k]) => k.startsWith('parlor_events_total{')).reduce((n, [, v]) => n + v, 0);
    expect(total(after.samples) - total(before.samples)).toBe(11);
  });

  it('counts events the server does not know under the label "unknown", never under the name sent', async () => {
    const c = await guestClient();
    const before = await scrape();
    const e1 = await c.err('zz_made_up_event_one', {});
    const e2 = await c.err('zz_made_up_event_two', { x: 1 });
    expect([e1.code, e2.code]).toEqual(['UNKNOWN_EVENT', 'UNKNOWN_EVENT']);
    c.sock.emit('zz_made_up_event_three', {}); // no ack: no reply, still counted
    for (let i = 0; i < 3; i++) c.sock.emit(`zz_random_${randomBytes(4).toString('hex')}`);
    await c.ok('heartbeat');
    await sleep(100);
    expect(c.events('error')).toEqual([]);

    const after = await scrape();
    expect(after.get('parlor_events_total', { event: 'unknown', outcome: 'UNKNOWN_EVENT' }) - before.get('parlor_events_total', { event: 'unknown', outcome: 'UNKNOWN_EVENT' })).toBe(6);
    expect(after.text).not.toContain('zz_');
    const labelValues = new Set([...after.samples.keys()].filter((k) => k.startsWith('parlor_events_total{')));
    expect([...labelValues].filter((k) => !/event="[a-z_]+"/.test(k))).toEqual([]);
  });

  it('reports connected sockets, users online and rooms by status as they really are', async () => {
    const before = await scrape();
    const statsBefore = await (await fetch(`${server.url}/api/stats`)).json();
    expect(before.get('parlor_connected_sockets')).toBe(statsBefore.connections);
    expect(before.get('parlor_users_online')).toBe(statsBefore.users_online);

    const x = await mint(server, { name: 'Xena' });
    const xTab1 = track(await TestClient.connect(server, x));
    const xTab2 = track(await TestClient.connect(server, x));
    const y = await guestClient('Yuri');
    const during = await scrape();
    expect(during.get('parlor_connected_sockets') - before.get('parlor_connected_sockets')).toBe(3);
    expect(during.get('parlor_users_online') - before.get('parlor_users_online')).toBe(2);

    const rooms = (s: Awaited<ReturnType<typeof scrape>>) => ({
      waiting: s.get('parlor_rooms', { status: 'waiting' }),
      active: s.get('parlor_rooms', { status: 'active' }),
      finished: s.get('parlor_rooms', { status: 'finished' }),
    });
    const r0 = rooms(before);
    const { room: chat1 } = await xTab1.ok('create_room', { game_type: 'chat' });
    await xTab1.ok('create_room', { game_type: 'chat', permission: 'private' });
    const { room: ttt } = await xTab2.ok('create_room', { game_type: 'tictactoe' });
    expect(rooms(await scrape())).toEqual({ waiting: r0.waiting + 3, active: r0.active, finished: r0.finished });

    await y.ok('join_room', { room_id: ttt.room_id });
    await xTab1.ok('start_game', { room_id: ttt.room_id });
    expect(rooms(await scrape())).toEqual({ waiting: r0.waiting + 2, active: r0.active + 1, finished: r0.finished });

    for (const [who, cell] of [[xTab1, 0], [y, 3], [xTab1, 1], [y, 4], [xTab1, 2]] as const) {
      await who.ok('game_action', { room_id: ttt.room_id, action: 'mark', payload: { cell } });
    }
    await xTab1.ok('close_room', { room_id: chat1.room_id });
    const r2 = rooms(await scrape());
    expect(r2).toEqual({ waiting: r0.waiting + 1, active: r0.active, finished: r0.finished + 1 });
    const stats = await (await fetch(`${server.url}/api/stats`)).json();
    expect(stats.rooms).toEqual(r2);

    // Closing one of two tabs keeps the user online; closing the last one does not.
    xTab2.close();
    const oneTab = await until(scrape, (s) => s.get('parlor_connected_sockets') === during.get('parlor_connected_sockets') - 1);
    expect(oneTab.get('parlor_connected_sockets')).toBe(during.get('parlor_connected_sockets') - 1);
    expect(oneTab.get('parlor_users_online')).toBe(during.get('parlor_users_online'));
    xTab1.close();
    y.close();
    const gone = await until(scrape, (s) => s.get('parlor_connected_sockets') === before.get('parlor_connected_sockets'));
    expect(gone.get('parlor_connected_sockets')).toBe(before.get('parlor_connected_sockets'));
    expect(gone.get('parlor_users_online')).toBe(before.get('parlor_users_online'));
  });

  it('counts pushes in parlor_broadcasts_total', async () => {
    const a = await guestClient();
    const b = await guestClient();
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    const before = (await scrape()).get('parlor_broadcasts_total');
    await a.ok('send_message', { room_id: room.room_id, text: 'counted' });
    await a.ok('send_message', { room_id: room.room_id, text: 'counted again' });
    await b.waitFor('new_message', (d) => d.message.text === 'counted again');
    expect((await scrape()).get('parlor_broadcasts_total') - before).toBeGreaterThanOrEqual(2);
  });

  it('exposes the metric types and the default process metrics', async () => {
    const { text, samples } = await scrape();
    for (const [name, type] of [
      ['parlor_connected_sockets', 'gauge'],
      ['parlor_users_online', 'gauge'],
      ['parlor_rooms', 'gauge'],
      ['parlor_events_total', 'counter'],
      ['parlor_event_duration_seconds', 'histogram'],
      ['parlor_broadcasts_total', 'counter'],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}`);
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(samples.has(`${name}{}`), name).toBe(true);
    }
  });
});

describe('logs', () => {
  it('writes one JSON line per event with event, user_id, room_id, outcome and duration_ms', async () => {
    const c = await guestClient();
    const { room } = await c.ok('create_room', { game_type: 'chat' });
    await c.ok('send_message', { room_id: room.room_id, text: 'log me not' });
    await c.err('join_room', { room_id: 'room_missing_for_log' });
    await c.ok('heartbeat');

    const lines = await until(() => logLines().filter((l) => l.user_id === c.id && l.msg === 'event'), (ls) => ls.length >= 4);
    expect(lines.map((l) => [l.event, l.room_id, l.outcome])).toEqual([
      ['create_room', room.room_id, 'ok'],
      ['send_message', room.room_id, 'ok'],
      ['join_room', 'room_missing_for_log', 'NOT_FOUND'],
      ['heartbeat', undefined, 'ok'],
    ]);
    for (const l of lines) {
      expect(l).toMatchObject({ level: 30, msg: 'event', user_id: c.id, duration_ms: expect.any(Number) });
      expect(l.duration_ms).toBeGreaterThanOrEqual(0);
      expect(l.duration_ms).toBeLessThan(5000);
      expect(typeof l.time === 'string' || typeof l.time === 'number').toBe(true);
    }
  });

  it('never logs a token, a room password or a chat text', async () => {
    const secret = randomBytes(6).toString('hex');
    const who = await mint(server, { name: 'Sam' });
    const sam = track(await TestClient.connect(server, who));
    const fresh = await mint(server, { sub: who.id, name: 'Sam' });
    const otherUsers = await mint(server, {});
    const forged = `${fresh.token.slice(0, -8)}AAAAAAAA`;
    await sam.ok('refresh_token', { token: fresh.token });
    expect((await sam.err('refresh_token', { token: forged })).code).toBe('AUTH_INVALID');
    expect((await sam.err('refresh_token', { token: otherUsers.token })).code).toBe('FORBIDDEN');

    const password = `pw${secret}Open`;
    const wrongPassword = `pw${secret}Wrong`;
    const newPassword = `pw${secret}Next`;
    const { room } = await sam.ok('create_room', { game_type: 'chat', permission: 'private', password });
    const bea = await guestClient('Bea');
    expect((await bea.err('join_room', { room_id: room.room_id, password: wrongPassword })).code).toBe('WRONG_PASSWORD');
    await bea.ok('join_room', { room_id: room.room_id, password });
    await sam.ok('update_room', { room_id: room.room_id, password: newPassword });

    const text = `chat${secret}Distinctive`;
    const longText = `chat${secret}TooLong`.padEnd(1001, 'z');
    await sam.ok('send_message', { room_id: room.room_id, text });
    sam.sock.emit('send_message', { room_id: room.room_id, text: `${text}NoAck` });
    expect((await sam.err('send_message', { room_id: room.room_id, text: longText })).code).toBe('VALIDATION_ERROR');
    await bea.waitFor('new_message', (d) => d.message.text === `${text}NoAck`);
    const r = await fetch(`${server.url}/api/rooms/${room.room_id}/events`, { headers: { authorization: `Bearer ${fresh.token}` } });
    expect(r.status).toBe(200);
    await sleep(300);

    // The events were logged (so the absence below means something)…
    const logged = logLines().filter((l) => l.user_id === who.id).map((l) => `${l.event}:${l.outcome}`);
    expect(logged).toEqual(expect.arrayContaining(['refresh_token:ok', 'refresh_token:AUTH_INVALID', 'create_room:ok', 'update_room:ok', 'send_message:ok', 'send_message:VALIDATION_ERROR']));
    // …and none of the secrets anywhere in the output.
    const out = server.output;
    for (const t of [who.token, fresh.token, forged, otherUsers.token]) {
      expect(out).not.toContain(t);
      expect(out).not.toContain(t.split('.')[2]); // not even the signature
    }
    expect(out).not.toContain(secret);
  });
});

describe('internal failures', () => {
  let faulty: FaultyServer;
  beforeAll(async () => {
    faulty = await FaultyServer.startFaulty({ RATE_LIMIT_SCALE: '100', LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await faulty?.close();
  });

  it('logs an INTERNAL error with its cause while the reply carries no stack, SQL or path', async () => {
    const c = track(await connectGuest(faulty));
    const { room } = await c.ok('create_room', { game_type: 'faulty', min_players: 1 });
    await c.ok('start_game', { room_id: room.room_id });

    const reply = await c.request('game_action', { room_id: room.room_id, action: 'explode' });
    expect(reply).toEqual({ success: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    c.sock.emit('game_action', { room_id: room.room_id, action: 'explode' });
    const pushed = await c.waitFor('error', (d) => d.event === 'game_action');
    expect(Object.keys(pushed).sort()).toEqual(['code', 'event', 'message']);
    expect(pushed.code).toBe('INTERNAL');
    for (const body of [JSON.stringify(reply), JSON.stringify(pushed)]) {
      expect(body).not.toMatch(/SQLITE|SELECT|secret|\/srv|\.ts|stack|\bat /i);
    }

    // The room is not stuck: the next action works on the state from before the failure.
    expect(await c.ok('game_action', { room_id: room.room_id, action: 'tick' })).toMatchObject({ version: 1 });

    const lines = await until(() => logLines(faulty).filter((l) => l.level === 50 && l.event === 'game_action'), (ls) => ls.length >= 2);
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).toMatchObject({ user_id: c.id, room_id: room.room_id });
      expect(l.err.message).toContain('SQLITE_ERROR');
      expect(l.err.stack).toContain('faulty-parlor.mjs');
    }
    const outcomes = await until(() => logLines(faulty).filter((l) => l.msg === 'event' && l.event === 'game_action').map((l) => l.outcome), (o) => o.length >= 3);
    expect(outcomes).toEqual(['INTERNAL', 'INTERNAL', 'ok']);
    const { get } = await scrape(faulty);
    expect(get('parlor_events_total', { event: 'game_action', outcome: 'INTERNAL' })).toBe(2);
  });
});
