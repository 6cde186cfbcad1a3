/**
 * Redis connections for cluster mode. Commands fail fast while Redis is away (no offline
 * queue, a command timeout), so requests answer INTERNAL instead of hanging; ioredis
 * reconnects by itself and the node recovers without a restart.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { writePerTurn } from './turn-writes.js';

export const KEY_PREFIX = 'parlor:';

export function connectRedis(url: string, extra: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 3000,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(50 * times, 1000),
    lazyConnect: false,
    ...extra,
  });
  return writePerTurn(redis);
}

/** Waits until the connection is ready (or throws after `timeoutMs`). */
export function ready(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      cleanup();
      reject(new Error(`Redis did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const cleanup = () => {
      clearTimeout(t);
      redis.off('ready', onReady);
    };
    redis.on('ready', onReady);
  });
}

export const keys = {
  room: (id: string) => `${KEY_PREFIX}room:${id}`,
  open: () => `${KEY_PREFIX}rooms:open`,
  userRoomsPrefix: () => `${KEY_PREFIX}user-rooms:`,
  actions: (roomId: string) => `${KEY_PREFIX}actions:${roomId}`,
  timers: () => `${KEY_PREFIX}timers`,
  timer: (key: string) => `${KEY_PREFIX}timer:${key}`,
  epoch: () => `${KEY_PREFIX}epoch`,
  node: (id: string) => `${KEY_PREFIX}node:${id}`,
  nodes: () => `${KEY_PREFIX}nodes`,
  sockets: (userId: string) => `${KEY_PREFIX}sockets:${userId}`,
  nodeSockets: (nodeId: string) => `${KEY_PREFIX}node-sockets:${nodeId}`,
  presence: (userId: string) => `${KEY_PREFIX}presence:${userId}`,
  online: () => `${KEY_PREFIX}online`,
  rate: (key: string) => `${KEY_PREFIX}rate:${key}`,
  lock: (key: string) => `${KEY_PREFIX}lock:${key}`,
};
