/**
 * Cluster timers: durable rows in SQL, and a Redis sorted set that every node polls. A
 * node claims a due timer atomically by moving its score to a lease in the future, so
 * each timer fires once in the cluster; if the claiming node dies, the lease runs out and
 * another node fires it. Completion removes it only if nobody re-scheduled it meanwhile.
 */
import type { Redis } from 'ioredis';
import type { Db } from '../sql/schema.js';
import type { TimerRows } from '../sql/pg-writes.js';
import type { Scheduler, Timer } from '../ports.js';
import { keys } from './redis-connection.js';

const POLL_MS = 200;
const LEASE_MS = 15_000;
const BATCH = 20;

// KEYS: zset. ARGV: now, lease until, batch. Returns [key, json, ...] of claimed timers.
const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, k in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], k)
  local data = redis.call('GET', ARGV[4] .. k)
  table.insert(out, k)
  table.insert(out, data or '')
end
return out
`;
// KEYS: zset, timer key. ARGV: member, due, timer json. Arms (or re-arms) a timer.
const ARM = `
redis.call('SET', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`;
// KEYS: zset, timer key. ARGV: member. Disarms a timer.
const DISARM = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`;
// KEYS: zset, timer key. ARGV: member, lease score. Removes the timer if still under our lease.
const COMPLETE = `
local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
if s and tonumber(s) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
`;

type Cmds = {
  parlorClaim(zset: string, now: number, lease: number, batch: number, prefix: string): Promise<string[]>;
  parlorComplete(zset: string, timerKey: string, member: string, lease: number): Promise<number>;
  parlorArm(zset: string, timerKey: string, member: string, due: number, json: string): Promise<number>;
  parlorDisarm(zset: string, timerKey: string, member: string): Promise<number>;
};

export class RedisScheduler implements Scheduler {
  private handler: ((t: Timer) => Promise<void>) | null = null;
  private poller: NodeJS.Timeout | null = null;
  private polling = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly db: Db,
    /** The durable rows, group-committed with the room writes (they are written on every room creation and when a room empties). */
    private readonly rows: TimerRows,
    private readonly onError: (err: unknown) => void,
  ) {
    redis.defineCommand('parlorClaim', { numberOfKeys: 1, lua: CLAIM });
    redis.defineCommand('parlorComplete', { numberOfKeys: 2, lua: COMPLETE });
    redis.defineCommand('parlorArm', { numberOfKeys: 2, lua: ARM });
    redis.defineCommand('parlorDisarm', { numberOfKeys: 2, lua: DISARM });
  }

  private get cmds(): Cmds {
    return this.redis as unknown as Cmds;
  }

  /** The row and the Redis entry are written at once (both idempotent; a timer that fires finds its room re-checked). */
  async schedule(t: Timer): Promise<void> {
    await Promise.all([this.rows.set(t), this.cmds.parlorArm(keys.timers(), keys.timer(t.key), t.key, t.due_at, JSON.stringify(t))]);
  }

  async cancel(key: string): Promise<void> {
    await Promise.all([this.rows.delete(key), this.cmds.parlorDisarm(keys.timers(), keys.timer(key), key)]);
  }

  start(handler: (t: Timer) => Promise<void>): void {
    this.handler = handler;
    this.poller = setInterval(() => void this.poll(), POLL_MS);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await Promise.allSettled([...this.running]);
  }

  /** Re-adds every durable timer to Redis (after Redis lost its data). */
  async rehydrate(): Promise<void> {
    const rows = await this.db.selectFrom('timers').selectAll().execute();
    for (const r of rows) {
      const t: Timer = { key: r.key, kind: r.kind, due_at: Number(r.due_at), data: JSON.parse(r.data) };
      await this.redis.multi().set(keys.timer(t.key), JSON.stringify(t)).zadd(keys.timers(), 'NX', t.due_at, t.key).exec();
    }
  }

  private async poll(): Promise<void> {
    if (this.polling || !this.handler || this.redis.status !== 'ready') return;
    this.polling = true;
    try {
      const now = Date.now();
      const lease = now + LEASE_MS;
      const claimed = await this.cmds.parlorClaim(keys.timers(), now, lease, BATCH, keys.timer(''));
      for (let i = 0; i < claimed.length; i += 2) {
        const member = claimed[i]!;
        const raw = claimed[i + 1]!;
        if (!raw) {
          await this.cmds.parlorComplete(keys.timers(), keys.timer(member), member, lease);
          continue;
        }
        const t = JSON.parse(raw) as Timer;
        const run = this.handler(t)
          .then(async () => {
            if ((await this.cmds.parlorComplete(keys.timers(), keys.timer(member), member, lease)) === 1) {
              await this.db.deleteFrom('timers').where('key', '=', t.key).where('due_at', '=', t.due_at).execute();
            }
          })
          .catch(this.onError)
          .finally(() => this.running.delete(run));
        this.running.add(run);
      }
    } catch (err) {
      if (this.redis.status === 'ready') this.onError(err);
    } finally {
      this.polling = false;
    }
  }
}
