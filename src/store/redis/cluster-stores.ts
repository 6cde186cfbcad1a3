/**
 * Cluster mode (REDIS_URL): live state, presence, timers, rate limits and locks in Redis;
 * durable history and the durable copy of rooms and timers in PostgreSQL (DATABASE_URL).
 * Redis keeps nothing on disk: when a node finds the epoch key gone (Redis restarted),
 * it rebuilds Redis from PostgreSQL and registers its sockets again.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EventLog, GameEvent, Stores } from '../ports.js';
import { openPgStores } from '../sql/sql-stores.js';
import { connectRedis, keys, ready } from './redis-connection.js';
import { RedisRoomStore } from './redis-room-store.js';
import type { RoomCopies } from './room-copies.js';
import { RedisScheduler } from './redis-scheduler.js';
import { RedisPresence } from './redis-presence.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { RedisLock } from './redis-lock.js';

const BEAT_MS = 2000;

export interface ClusterStores extends Stores {
  nodeId: string;
  /** A connection for the Socket.IO Redis Streams adapter. */
  adapterRedis: Redis;
  /** The ids of the live nodes (this one included). */
  liveNodeIds(): Promise<string[]>;
  /** This node's copies of rooms (room-copies.ts): the app connects them to the node streams. */
  roomCopies: RoomCopies;
}

export async function createClusterStores(opts: { redisUrl: string; databaseUrl: string; onError: (err: unknown) => void; log: (msg: string) => void }): Promise<ClusterStores> {
  const nodeId = randomBytes(6).toString('hex');
  const redis = connectRedis(opts.redisUrl);
  const adapterRedis = connectRedis(opts.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
  redis.on('error', () => {});
  adapterRedis.on('error', () => {});
  await ready(redis);
  const sqlStores = await openPgStores(opts.databaseUrl);
  const rooms = new RedisRoomStore(redis, sqlStores.mirror);
  const scheduler = new RedisScheduler(redis, sqlStores.db, sqlStores.timerRows, opts.onError);
  const presence = new RedisPresence(redis, nodeId);

  const events: EventLog = {
    since: (roomId, since, limit) => sqlStores.events.since(roomId, since, limit),
    async byActionId(roomId, userId, actionId): Promise<GameEvent | null> {
      const known = await rooms.actionReply(roomId, userId, actionId);
      return known !== undefined ? known : sqlStores.events.byActionId(roomId, userId, actionId);
    },
  };

  /** Rebuilds Redis from PostgreSQL when the epoch key is missing (first start, or Redis lost its data). */
  const ensureEpoch = async () => {
    if ((await redis.set(keys.epoch(), nodeId, 'NX')) === 'OK') {
      opts.log('redis has no parlor state: rebuilding it from PostgreSQL');
      await rooms.rehydrate(await sqlStores.mirror.loadOpen(), (roomId) => sqlStores.events.withActionIds(roomId));
      await scheduler.rehydrate();
    }
    await presence.restore();
  };
  await ensureEpoch();
  redis.on('ready', () => {
    rooms.copies.clear(); // Redis may have lost its data: a room rebuilt from PostgreSQL can be stored again at a rev a copy has
    void ensureEpoch().catch(opts.onError);
  });

  const beat = () => void presence.beat().catch(() => {});
  beat();
  const beater = setInterval(beat, BEAT_MS);
  beater.unref();

  return {
    nodeId,
    adapterRedis,
    rooms,
    events,
    chat: sqlStores.chat,
    matches: sqlStores.matches,
    challenges: sqlStores.challenges,
    users: sqlStores.users,
    scheduler,
    presence,
    rates: new RedisRateLimiter(redis),
    lock: new RedisLock(redis),
    nodes: () => presence.liveNodes(),
    liveNodeIds: () => presence.liveNodeIds(),
    roomCopies: rooms.copies,
    async health() {
      const failing: string[] = [];
      const redisOk = redis.status === 'ready' && (await redis.ping().then(() => true, () => false));
      if (!redisOk) failing.push('redis');
      if (!(await sqlStores.ping())) failing.push('postgres');
      return failing;
    },
    async close() {
      clearInterval(beater);
      await scheduler.stop();
      await presence.leave().catch(() => {});
      redis.disconnect();
      adapterRedis.disconnect();
      await sqlStores.db.destroy();
    },
  };
}
