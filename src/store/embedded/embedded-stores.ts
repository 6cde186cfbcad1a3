/** One process: live state in memory, written through to SQL (SQLite under DATA_DIR, or PostgreSQL). */
import type { Stores } from '../ports.js';
import { KeyedQueue } from '../../core/keyed-queue.js';
import { openSqlStores } from '../sql/sql-stores.js';
import { EmbeddedRoomStore } from './embedded-room-store.js';
import { EmbeddedScheduler } from './embedded-scheduler.js';
import { MemoryPresence } from './memory-presence.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';

export async function createEmbeddedStores(opts: { dataDir: string; databaseUrl: string | null }): Promise<Stores> {
  const sqlStores = await openSqlStores(opts);
  const rooms = new EmbeddedRoomStore(sqlStores.mirror);
  await rooms.load();
  const scheduler = new EmbeddedScheduler(sqlStores.db, sqlStores.fast ?? undefined);
  return {
    rooms,
    events: sqlStores.events,
    chat: sqlStores.chat,
    matches: sqlStores.matches,
    challenges: sqlStores.challenges,
    users: sqlStores.users,
    scheduler,
    presence: new MemoryPresence(),
    rates: new MemoryRateLimiter(),
    lock: new KeyedQueue(),
    nodes: async () => 1,
    async health() {
      return (await sqlStores.ping()) ? [] : [sqlStores.engine];
    },
    async close() {
      await scheduler.stop();
      await sqlStores.db.destroy();
    },
  };
}
