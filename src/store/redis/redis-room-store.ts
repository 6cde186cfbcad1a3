/**
 * Cluster live room state in Redis. A Lua script compares the stored rev and writes the
 * room, the open-room set, the per-user membership sets and the action-id replies in one
 * atomic step, so concurrent updates on two nodes never both apply. Behind it, the change
 * is written to the SQL mirror (PostgreSQL) before it is acknowledged: Redis keeps
 * nothing on disk, and after it lost its data the nodes rebuild it from the mirror.
 *
 * A room's action-id replies (`actions:<room>`) are known complete when the hash holds
 * the COMPLETE field: set when the room is created in Redis (it has no actions yet) or
 * rebuilt with every action of its log. Then a miss there is the answer, and a new move
 * costs no lookup in PostgreSQL; a hash without it (a room put back from the mirror on
 * its own, or kept by an older version) sends the lookup on to the log. The hash expires
 * with its closed room.
 *
 * Each stored room is kept as this node's copy and appended to its stream, where the
 * other nodes update theirs (room-copies.ts). A move made on a copy is stored with
 * `commitOnCopy`, whose script checks the move's action id too: the move needs no read
 * before its write.
 */
import type { Redis } from 'ioredis';
import type { GameEvent, RoomStore } from '../ports.js';
import type { RoomRecord } from '../../domain/rooms/room-record.js';
import type { SqlRoomMirror } from '../sql/sql-room-mirror.js';
import { keys } from './redis-connection.js';
import { RoomCopies } from './room-copies.js';

const CLOSED_TTL_S = 24 * 3600;
/** The field that marks a room's action-id replies in Redis as complete (no `|`: never a reply's field). */
const COMPLETE = '$complete';

// KEYS: room, open set, actions. ARGV: expected rev ('' = must not exist), room json, user-set prefix,
// actions json, closed ttl, complete field ('' = leave the hash's completeness as it is),
// the field of an action id to look for first ('' = none).
// Returns 1 stored, 0 rev differs, -1 room not in Redis, -2 the action id is not known to be new,
// or the stored reply of that action id.
const COMMIT = `
if ARGV[7] ~= '' then
  local got = redis.call('HMGET', KEYS[3], ARGV[7], '${COMPLETE}')
  if got[1] then return got[1] end
  if not got[2] then return -2 end
end
local cur = redis.call('GET', KEYS[1])
local old = nil
if ARGV[1] == '' then
  if cur then return 0 end
else
  if not cur then return -1 end
  old = cjson.decode(cur)
  if tostring(old.rev) ~= ARGV[1] then return 0 end
end
local new = cjson.decode(ARGV[2])
local function members(r)
  local m = {}
  if r and r.status ~= 'closed' then
    for _, p in ipairs(r.players) do m[p.user_id] = true end
    for _, s in ipairs(r.spectators) do m[s.user_id] = true end
  end
  return m
end
local om, nm = members(old), members(new)
for u, _ in pairs(om) do if not nm[u] then redis.call('SREM', ARGV[3] .. u, new.room_id) end end
for u, _ in pairs(nm) do if not om[u] then redis.call('SADD', ARGV[3] .. u, new.room_id) end end
local acts = cjson.decode(ARGV[4])
for i = 1, #acts, 2 do redis.call('HSET', KEYS[3], acts[i], acts[i + 1]) end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[3], ARGV[6], '1') end
if new.status == 'closed' then
  redis.call('SREM', KEYS[2], new.room_id)
  redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[5]))
  redis.call('EXPIRE', KEYS[3], tonumber(ARGV[5]))
else
  redis.call('SADD', KEYS[2], new.room_id)
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
`;

export class RedisRoomStore implements RoomStore {
  readonly copies = new RoomCopies();

  constructor(
    private readonly redis: Redis,
    private readonly mirror: SqlRoomMirror,
  ) {
    redis.defineCommand('parlorCommit', { numberOfKeys: 3, lua: COMMIT });
  }

  async get(roomId: string): Promise<RoomRecord | null> {
    const raw = await this.redis.get(keys.room(roomId));
    if (!raw) return this.mirror.read(roomId);
    const room = JSON.parse(raw) as RoomRecord;
    this.copies.seen(roomId, room.rev, room.status === 'closed' ? '' : raw);
    return room;
  }

  copyOf(roomId: string): RoomRecord | undefined {
    const copy = this.copies.get(roomId);
    return copy && (JSON.parse(copy.json) as RoomRecord);
  }

  async commit(room: RoomRecord, expectedRev: number | null, events: GameEvent[] = []): Promise<boolean> {
    const actions = actionFields(events);
    const json = JSON.stringify(room); // once, for Redis and for the durable copy
    // a room created here has all its (no) actions in Redis; one put back from the mirror below has not
    const run = () => this.run(room.room_id, expectedRev === null ? '' : String(expectedRev), json, actions, expectedRev === null ? COMPLETE : '', '');
    let res = await run();
    if (res === -1) {
      // not in Redis (closed long ago, or Redis lost it): continue from the durable copy
      const stored = await this.mirror.read(room.room_id);
      if (!stored || stored.rev !== expectedRev) return false;
      await this.redis.set(keys.room(room.room_id), JSON.stringify(stored), 'NX');
      res = await run();
    }
    if (res !== 1) return this.refused(room.room_id);
    await this.stored(room, events, json);
    return true;
  }

  async commitOnCopy(room: RoomRecord, expectedRev: number, events: GameEvent[], action: { user_id: string; action_id: string } | null): Promise<boolean | GameEvent> {
    const json = JSON.stringify(room);
    const res = await this.run(room.room_id, String(expectedRev), json, actionFields(events), '', action ? actionField(action.user_id, action.action_id) : '');
    if (typeof res === 'string') return JSON.parse(res) as GameEvent;
    if (res !== 1) return this.refused(room.room_id);
    await this.stored(room, events, json);
    return true;
  }

  /** Durable before it is acknowledged; then the copies (this node's, and through its stream the others'). */
  private async stored(room: RoomRecord, events: GameEvent[], json: string): Promise<void> {
    await this.mirror.write(room, events, json);
    this.copies.stored(room.room_id, room.rev, room.status === 'closed' ? '' : json);
  }

  private refused(roomId: string): false {
    this.copies.drop(roomId);
    return false;
  }

  async listOpen(): Promise<RoomRecord[]> {
    const ids = await this.redis.smembers(keys.open());
    if (!ids.length) return [];
    const out: RoomRecord[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const raws = await this.redis.mget(ids.slice(i, i + 500).map(keys.room));
      for (const raw of raws) if (raw) out.push(JSON.parse(raw) as RoomRecord);
    }
    return out.filter((r) => r.status !== 'closed');
  }

  async roomsOf(userId: string): Promise<string[]> {
    return this.redis.smembers(keys.userRoomsPrefix() + userId);
  }

  /**
   * The reply of an earlier action with this id from Redis: the event, null when Redis
   * knows there was none, undefined when it cannot tell (the SQL log can).
   */
  async actionReply(roomId: string, userId: string, actionId: string): Promise<GameEvent | null | undefined> {
    const [raw, complete] = await this.redis.hmget(keys.actions(roomId), actionField(userId, actionId), COMPLETE);
    if (raw) return JSON.parse(raw) as GameEvent;
    return complete ? null : undefined;
  }

  /**
   * Rebuilds Redis from the durable copy (after Redis lost its data), each room with the
   * action-id replies of its log (`actionsOf`). Newer Redis entries win.
   */
  async rehydrate(rooms: RoomRecord[], actionsOf: (roomId: string) => Promise<GameEvent[]>): Promise<void> {
    for (const room of rooms) {
      const raw = await this.redis.get(keys.room(room.room_id));
      if (raw && (JSON.parse(raw) as RoomRecord).rev >= room.rev) continue;
      await this.redis.del(keys.room(room.room_id));
      await this.run(room.room_id, '', JSON.stringify(room), actionFields(await actionsOf(room.room_id)), COMPLETE, '');
    }
  }

  private run(roomId: string, expected: string, json: string, actions: string[], complete: string, actionField: string): Promise<number | string> {
    return (this.redis as unknown as { parlorCommit(...a: (string | number)[]): Promise<number | string> }).parlorCommit(
      keys.room(roomId), keys.open(), keys.actions(roomId),
      expected, json, keys.userRoomsPrefix(), JSON.stringify(actions), CLOSED_TTL_S, complete, actionField,
    );
  }
}

/** `[field, reply, …]` of the events made by a client's action (those with an action_id). */
function actionFields(events: GameEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (e.action_id && e.user_id) out.push(actionField(e.user_id, e.action_id), JSON.stringify(e));
  return out;
}

/** The field of a user's action id in a room's `actions` hash. */
function actionField(userId: string, actionId: string): string {
  return `${userId}|${actionId}`;
}
