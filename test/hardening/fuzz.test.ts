/**
 * Fuzzing every event of the router table through a real socket (issue "Hardening"):
 * generated payloads — wrong types, missing and extra fields, huge and empty strings,
 * deep nesting, `__proto__`/`constructor` keys, unicode edge cases — each get a
 * well-formed reply with a SPEC code, the server never crashes, and no room of others
 * changes. FUZZ_RUNS (default 40 per event) and FUZZ_SEED reproduce a run.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routerEvents } from '../support/router-events.js';
import { ErrorCode } from '../../src/core/errors.js';
import { TestServer } from '../support/server.js';
import { TestClient, connectGuest, type Envelope } from '../support/client.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CODES = new Set<string>(Object.values(ErrorCode));

const weirdString = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '\u0000', '\uD800', '\u202E\u202D', 'x'.repeat(70_000 / 2), '💥'.repeat(600), '<img src=x onerror=alert(1)>', '../../etc/passwd', "'; drop table rooms; --"),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);
const leaf = fc.oneof(weirdString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, -1));
const nasty = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'room_id', 'payload', 'text', 'token')), tie('value'), { maxKeys: 6 }),
})).value;
function deep(n: number): unknown {
  let v: unknown = { x: 1 };
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}
const payloads = fc.oneof(
  nasty,
  fc.record({ room_id: weirdString, action: weirdString, payload: nasty }, { requiredKeys: [] }),
  fc.constantFrom(deep(200), JSON.parse('{"__proto__":{"admin":true},"room_id":"x"}'), JSON.parse('{"constructor":{"prototype":{"x":1}}}'), [], 'a string', 42),
);

let server: TestServer;
let owner: TestClient;
let other: TestClient;
let fuzzer: TestClient;
let roomId = '';
let gameId = '';

async function snapshot(): Promise<unknown> {
  const room = await owner.ok('get_room', { room_id: roomId });
  const game = await owner.ok('get_game_state', { room_id: gameId });
  const msgs = await owner.ok('get_messages', { room_id: roomId });
  return { room: room.room, game, msgs };
}

beforeAll(async () => {
  server = await TestServer.start({ env: { RATE_LIMIT_SCALE: '0' } });
  owner = await connectGuest(server, 'Owner');
  other = await connectGuest(server, 'Other');
  fuzzer = await connectGuest(server, 'Fuzzer');
  roomId = (await owner.ok('create_room', { game_type: 'chat', permission: 'private', password: 'pw' })).room.room_id;
  await owner.ok('send_message', { room_id: roomId, text: 'a message' });
  gameId = (await owner.ok('create_room', { game_type: 'tictactoe' })).room.room_id;
  await other.ok('join_room', { room_id: gameId });
  await owner.ok('start_game', { room_id: gameId });
  await owner.ok('game_action', { room_id: gameId, action: 'mark', payload: { cell: 4 } });
});
afterAll(async () => {
  for (const c of [owner, other, fuzzer]) c?.close();
  await server?.close();
});

function wellFormed(env: Envelope, what: string): void {
  expect(typeof env, what).toBe('object');
  if (env.success) {
    expect(env.data, what).toBeTypeOf('object');
    return;
  }
  expect(env.success, what).toBe(false);
  expect(CODES.has(env.error!.code), `${what}: code ${env.error?.code}`).toBe(true);
  expect(typeof env.error!.message, what).toBe('string');
  expect(env.error!.message, what).not.toMatch(/at .*\.(js|ts):\d+|node_modules|SELECT |INSERT |sqlite/i);
}

describe(`fuzzing every router event (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('covers the whole router table', () => {
    expect(routerEvents().length).toBeGreaterThan(40);
  });

  for (const event of routerEvents()) {
    it(`${event}: every generated payload gets a well-formed reply and no other room changes`, async () => {
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(payloads, async (p) => {
          if (!fuzzer.sock.connected) fuzzer = await TestClient.connect(server, { token: fuzzer.token, id: fuzzer.id, name: fuzzer.name });
          if (Buffer.byteLength(JSON.stringify([event, p]) ?? '') > 64 * 1024 - 64) {
            // a packet over 64 KiB: the server drops the socket (SPEC §4), nothing else happens
            const env = await fuzzer.request(event, p, 3000).catch(() => null);
            if (env) wellFormed(env, `${event} (oversized)`);
            return;
          }
          const env = await fuzzer.request(event, p, 8000);
          wellFormed(env, `${event} ${JSON.stringify(p)?.slice(0, 120)}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(await snapshot()).toEqual(before);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    });
  }
});
