import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParlorClient, ParlorClientError, isParlorClientError } from '../../src/client/index.js';
import { mint, nextIp } from '../support/client.js';
import { TestServer } from '../support/server.js';
import { closeAll, sdkClient } from './sdk-helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(async () => {
  closeAll();
  await server.close();
});

/** The error a promise rejects with (fails the test when it resolves). */
async function refusal(p: Promise<unknown>): Promise<ParlorClientError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ParlorClientError);
    return e as ParlorClientError;
  }
  throw new Error('expected a rejection');
}

describe('SDK: typed errors', () => {
  it('rejects a refused connection with the SPEC code', async () => {
    const bad = new ParlorClient({ url: server.url, token: 'not-a-jwt', reconnection: false, transports: ['websocket'], socket: { localAddress: nextIp() } });
    const e = await refusal(bad.connect());
    expect(e.code).toBe('AUTH_INVALID');
    expect(bad.status).toBe('disconnected');
    const expired = await mint(server, { ttlS: -10 });
    const late = new ParlorClient({ url: server.url, token: expired.token, reconnection: false, transports: ['websocket'], socket: { localAddress: nextIp() } });
    expect((await refusal(late.connect())).code).toBe('AUTH_EXPIRED');
  });

  it('carries code, field, reason and the event name; resolves with the typed data otherwise', async () => {
    const a = await sdkClient(server);
    const b = await sdkClient(server);
    const created = await a.client.request('join_random_game', { game_type: 'tictactoe' });
    expect(created.status).toBe('created');
    const roomId = created.room.room_id;
    const started = a.client.next('game_state', (s) => s.room_id === roomId);
    const joined = await b.client.request('join_random_game', { game_type: 'tictactoe' });
    expect(joined.room.room_id).toBe(roomId);
    await started;

    const notFound = await refusal(a.client.request('join_room', { room_id: 'room_missing' }));
    expect(notFound).toMatchObject({ code: 'NOT_FOUND', event: 'join_room' });
    expect(isParlorClientError(notFound, 'NOT_FOUND')).toBe(true);

    // The SDK does not validate: the server's VALIDATION_ERROR comes back with `field`.
    const invalid = await refusal(a.client.request('game_action', { room_id: roomId, action: 'mark', payload: { cell: 'x' } }));
    expect(invalid).toMatchObject({ code: 'VALIDATION_ERROR', field: 'payload.cell' });

    const early = await refusal(b.client.action(roomId, 'mark', { cell: 0 }));
    expect(early.code).toBe('NOT_YOUR_TURN');
    expect((await a.client.action(roomId, 'mark', { cell: 0 })).version).toBe(1);
    const taken = await refusal(b.client.action(roomId, 'mark', { cell: 0 }));
    expect(taken).toMatchObject({ code: 'INVALID_MOVE', reason: 'CELL_TAKEN' });
    expect((await refusal(b.client.action(roomId, 'mark', { cell: 9 }))).reason).toBe('OUT_OF_RANGE');
    expect((await refusal(a.client.request('list_rooms', {}))).code).toBe('FORBIDDEN');
    expect((await refusal(a.client.request('subscribe', { topic: 'nope' }))).code).toBe('NOT_FOUND');
    expect(a.client.versionOf(roomId)).toBe(1);
  });

  it('reports RATE_LIMITED with retry_after_ms', async () => {
    const a = await sdkClient(server);
    const { room } = await a.client.request('create_room', { game_type: 'chat' });
    const sends = await Promise.allSettled(Array.from({ length: 16 }, (_, i) => a.client.request('send_message', { room_id: room.room_id, text: `m${i}` })));
    const limited = sends.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as ParlorClientError);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.code).toBe('RATE_LIMITED');
    expect(limited[0]!.retry_after_ms).toBeGreaterThan(0);
    expect(limited[0]!.retryAfterMs).toBe(limited[0]!.retry_after_ms);
  });

  it('times out a request nobody answers, and rejects requests after close()', async () => {
    const a = await sdkClient(server, null, { requestTimeoutMs: 300 });
    server.child!.kill('SIGSTOP');
    try {
      expect((await refusal(a.client.request('heartbeat', {}))).code).toBe('TIMEOUT');
    } finally {
      server.child!.kill('SIGCONT');
    }
    expect((await a.client.request('heartbeat', {})).server_time).toMatch(/Z$/);
    a.client.close();
    expect(a.client.status).toBe('closed');
    expect((await refusal(a.client.request('heartbeat', {}))).code).toBe('DISCONNECTED');
  });
});
