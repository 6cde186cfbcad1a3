/**
 * Moves made on a node's copy of the room (cluster mode; src/store/redis/room-copies.ts,
 * RoomRepo.updateOnCopy): no read before the write, a stale copy never decides a move, and
 * a retried action id is answered with its first reply on either path. Real server
 * processes on a shared Redis and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { TestServer } from '../support/server.js';
import { TestClient, guest } from '../support/client.js';
import { clusterResources, clusterUnavailable, startNodes, type ClusterResources } from '../support/cluster.js';
import { startRoom } from '../support/games.js';

const skip = await clusterUnavailable();

describe.skipIf(skip !== null)('moves on a copy of the room', () => {
  let res: ClusterResources;
  let redis: Redis;
  let nodes: TestServer[] = [];
  const clients: TestClient[] = [];
  const on = async (node: TestServer) => {
    const c = await TestClient.connect(node, await guest(node));
    clients.push(c);
    return c;
  };
  /** a (node 0) and b (node 1) in a started tictactoe room; a is X and moves first. */
  const game = async () => {
    const a = await on(nodes[0]!);
    const b = await on(nodes[1]!);
    const { room_id } = await startRoom(a, b, 'tictactoe');
    return { a, b, roomId: room_id };
  };
  /** `c` moves to `cell`; resolves when `other` has seen the move's game_state. */
  const mark = async (c: TestClient, other: TestClient, roomId: string, cell: number, extra: Record<string, unknown> = {}) => {
    const seen = other.next('game_state', (g) => g.room_id === roomId && g.state.board[cell] !== null);
    const reply = await c.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell }, ...extra });
    await seen;
    return reply;
  };

  beforeAll(async () => {
    res = await clusterResources();
    redis = new Redis(res.redisUrl);
    nodes = await startNodes(res, 2);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(nodes.map((n) => n.close()));
    redis?.disconnect();
    await res?.teardown();
  });

  it("reads no room from Redis for a move after the other node's move", async () => {
    const { a, b, roomId } = await game();
    await mark(a, b, roomId, 0);
    await mark(b, a, roomId, 3);
    const monitor = await redis.duplicate().monitor();
    const reads: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source !== 'lua' && args[0]?.toLowerCase() === 'get' && args[1] === `parlor:room:${roomId}`) reads.push(args);
    });
    try {
      // node 0 heard b's move on node 1's stream: its copy is current
      expect(await mark(a, b, roomId, 1)).toEqual({ version: 3 });
      expect(await mark(b, a, roomId, 4)).toEqual({ version: 4 });
      await new Promise((r) => setTimeout(r, 200)); // the monitor's lines are behind the replies
    } finally {
      monitor.disconnect();
    }
    expect(reads).toEqual([]);
    expect((await b.ok('get_game_state', { room_id: roomId })).state.board.slice(0, 5)).toEqual(['X', 'X', null, 'O', 'O']);
  });

  it('refuses a move only on the stored room: a copy behind Redis is never the judge', async () => {
    const { a, b, roomId } = await game();
    await mark(a, b, roomId, 0);
    await mark(b, a, roomId, 3);
    // the stored room moves on behind both nodes' backs (no stream entry): O is now on cell 4
    const key = `parlor:room:${roomId}`;
    const stored = JSON.parse((await redis.get(key))!);
    stored.rev += 1;
    stored.game.state.board[4] = 'O';
    await redis.set(key, JSON.stringify(stored));
    // on node 0's copy cell 4 is free; the compare-and-set refuses the copy and the stored room decides
    const refused = await a.err('game_action', { room_id: roomId, action: 'mark', payload: { cell: 4 } });
    expect(refused.code).toBe('INVALID_MOVE');
    expect((refused as { reason?: string }).reason).toBe('CELL_TAKEN');
    expect(await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 1 } })).toEqual({ version: 3 });
    const after = JSON.parse((await redis.get(key))!);
    expect(after.rev).toBe(stored.rev + 1);
    expect(after.game.state.board.slice(0, 5)).toEqual(['X', 'X', null, 'O', 'O']);
  });

  it('answers a retried action id with its first reply, whether the retry is refused or allowed on the copy', async () => {
    const { a, b, roomId } = await game();
    expect(await mark(a, b, roomId, 0, { action_id: 'first' })).toEqual({ version: 1 });
    await mark(b, a, roomId, 3);
    // the same payload: cell 0 is taken on the copy, so the retry goes the usual way
    expect(await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 0 }, action_id: 'first' })).toEqual({ version: 1 });
    // a free cell: a valid move on the copy, which the script answers with the first reply instead of storing it
    expect(await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 5 }, action_id: 'first' })).toEqual({ version: 1 });
    const state = await b.ok('get_game_state', { room_id: roomId });
    expect(state.version).toBe(2);
    expect(state.state.board[5]).toBeNull();
    // and a new action id is a new move
    expect(await a.ok('game_action', { room_id: roomId, action: 'mark', payload: { cell: 5 }, action_id: 'second' })).toEqual({ version: 3 });
  });
});
