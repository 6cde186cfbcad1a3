/**
 * The cluster fan-out on a stream per node (src/transport/node-streams.ts): real server
 * processes on a shared Redis and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { TestServer } from '../support/server.js';
import { TestClient, guest } from '../support/client.js';
import { clusterResources, clusterUnavailable, startNodes, type ClusterResources } from '../support/cluster.js';

const skip = await clusterUnavailable();

describe.skipIf(skip !== null)('a stream per node', () => {
  let res: ClusterResources;
  let redis: Redis;
  const secret = randomBytes(24).toString('hex');
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const start = async () => {
    const [node] = await startNodes(res, 1, { JWT_SECRET: secret });
    servers.push(node!);
    return node!;
  };
  const on = async (node: TestServer) => {
    const c = await TestClient.connect(node, await guest(node));
    clients.push(c);
    return c;
  };
  /** A chat message from `from` arrives at `to`. */
  const hears = async (from: TestClient, to: TestClient, roomId: string, timeout = 5000) => {
    const text = `m${randomBytes(4).toString('hex')}`;
    const got = to.next('new_message', (m) => m.message.text === text, timeout);
    await from.ok('send_message', { room_id: roomId, text });
    await got;
  };

  /** a on node 0 owns a chat room that b on node 1 has joined. */
  const pairInRoom = async () => {
    const a = await on(servers[0]!);
    const b = await on(servers[1]!);
    const { room } = await a.ok('create_room', { game_type: 'chat' });
    await b.ok('join_room', { room_id: room.room_id });
    return { a, b, roomId: room.room_id as string };
  };

  beforeAll(async () => {
    res = await clusterResources();
    redis = new Redis(res.redisUrl);
    await start();
    await start();
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
    redis?.disconnect();
    await res?.teardown();
  });

  it("writes each node's pushes to its own stream and nothing to the shared one, and each node hears the other", async () => {
    const { a, b, roomId } = await pairInRoom();
    await hears(a, b, roomId);
    await hears(b, a, roomId);
    const streams = await redis.keys('parlor:sio:node:*');
    expect(streams).toHaveLength(2);
    for (const key of streams) expect(await redis.xlen(key)).toBeGreaterThan(0);
    expect(await redis.xlen('parlor:sio')).toBe(0);
  });

  it('hears a node that starts later from its first push on, and is heard by it', async () => {
    const owner = await on(servers[0]!);
    const { room } = await owner.ok('create_room', { game_type: 'chat' });
    const late = await start();
    const c = await on(late);
    const joined = owner.next('user_joined', (p) => p.user_id === c.id, 5000);
    const t0 = Date.now();
    await c.ok('join_room', { room_id: room.room_id });
    // Its hello made node 0 read its stream from the beginning at once. Found only at node
    // 0's next look at the registry (every 2 s), its stream would be read from that moment
    // on, and this push, made within a second of its start, would usually never arrive.
    await joined;
    expect(Date.now() - t0).toBeLessThan(3000);
    await hears(c, owner, room.room_id);
    await hears(owner, c, room.room_id);
  });

  it('keeps hearing a node that missed its heartbeats for a while (a long pause), from where it was left', async () => {
    const { a, b, roomId } = await pairInRoom();
    await hears(b, a, roomId);
    // stopped long enough for the registry to drop it and for node 0 to set its stream aside
    servers[1]!.child!.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 13_000));
    servers[1]!.child!.kill('SIGCONT');
    // what it pushes at once is read when node 0 sees it listed again, from where node 0 left its stream
    await hears(b, a, roomId, 8000);
    await hears(a, b, roomId);
  }, 40_000);
});
