/**
 * Cluster presence: a user is online while any of their sockets is registered on any node.
 * Each node also remembers its own sockets, to register them again after Redis lost its
 * data, and the nodes clear the sockets of a node whose heartbeat stopped (kill -9).
 */
import type { Redis } from 'ioredis';
import type { PresenceEntry, PresenceStatus, PresenceStore } from '../ports.js';
import { keys } from './redis-connection.js';

// KEYS: sockets(user), node-sockets(node), online, presence(user). ARGV: member, node member, user, now.
const CONNECT = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PERSIST', KEYS[4])
local first = redis.call('SCARD', KEYS[1]) == 1
if first then
  redis.call('SADD', KEYS[3], ARGV[3])
  redis.call('HSET', KEYS[4], 'status', 'online', 'last_seen', ARGV[4])
  redis.call('HDEL', KEYS[4], 'text')
else
  redis.call('HSET', KEYS[4], 'last_seen', ARGV[4])
end
return first and 1 or 0
`;
const DISCONNECT = `
local removed = redis.call('SREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[2])
if removed == 0 then return 0 end
redis.call('HSET', KEYS[4], 'last_seen', ARGV[4])
if redis.call('SCARD', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[3], ARGV[3])
  redis.call('PEXPIRE', KEYS[4], 86400000)
  return 1
end
return 0
`;

type Cmds = { parlorConnect(...a: string[]): Promise<number>; parlorDisconnect(...a: string[]): Promise<number> };

export class RedisPresence implements PresenceStore {
  private readonly local = new Map<string, Set<string>>(); // userId → this node's socketIds

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
  ) {
    redis.defineCommand('parlorConnect', { numberOfKeys: 4, lua: CONNECT });
    redis.defineCommand('parlorDisconnect', { numberOfKeys: 4, lua: DISCONNECT });
  }

  private args(userId: string, socketId: string, now: number): string[] {
    return [keys.sockets(userId), keys.nodeSockets(this.nodeId), keys.online(), keys.presence(userId), `${this.nodeId}|${socketId}`, `${userId}|${socketId}`, userId, String(now)];
  }

  get localSockets(): number {
    let n = 0;
    for (const sockets of this.local.values()) n += sockets.size;
    return n;
  }

  async connect(userId: string, socketId: string, now: number): Promise<boolean> {
    const mine = this.local.get(userId);
    if (mine) mine.add(socketId);
    else this.local.set(userId, new Set([socketId]));
    return (await (this.redis as unknown as Cmds).parlorConnect(...this.args(userId, socketId, now))) === 1;
  }

  async disconnect(userId: string, socketId: string, now: number): Promise<boolean> {
    const mine = this.local.get(userId);
    if (mine?.delete(socketId) && mine.size === 0) this.local.delete(userId);
    return (await (this.redis as unknown as Cmds).parlorDisconnect(...this.args(userId, socketId, now))) === 1;
  }

  async setStatus(userId: string, status: Exclude<PresenceStatus, 'offline'>, text: string | undefined, now: number): Promise<void> {
    const m = this.redis.multi().hset(keys.presence(userId), 'status', status, 'last_seen', String(now));
    if (text) m.hset(keys.presence(userId), 'text', text);
    else m.hdel(keys.presence(userId), 'text');
    await m.exec();
  }

  async get(userIds: string[]): Promise<Record<string, PresenceEntry>> {
    const p = this.redis.pipeline();
    for (const id of userIds) p.hgetall(keys.presence(id)).scard(keys.sockets(id));
    const res = (await p.exec()) ?? [];
    const out: Record<string, PresenceEntry> = Object.create(null); // ids may be "__proto__"
    userIds.forEach((id, i) => {
      const h = res[2 * i]?.[1] as Record<string, string> | undefined;
      const n = res[2 * i + 1]?.[1] as number | undefined;
      if (!h || !h.last_seen) return;
      const lastSeen = Number(h.last_seen);
      out[id] = n && n > 0 ? { status: (h.status as PresenceEntry['status']) ?? 'online', ...(h.text ? { text: h.text } : {}), last_seen: lastSeen } : { status: 'offline', last_seen: lastSeen };
    });
    return out;
  }

  /** The user's sockets in Redis are exactly this node's (none elsewhere, none half-registered or half-gone). */
  async onlyHere(userId: string): Promise<boolean> {
    const mine = this.local.get(userId);
    if (!mine) return false;
    const listed = await this.redis.smembers(keys.sockets(userId));
    const prefix = `${this.nodeId}|`;
    return listed.length === mine.size && listed.every((m) => m.startsWith(prefix) && mine.has(m.slice(prefix.length)));
  }

  /** A user with a socket here is online without asking Redis; the others by the count of their sockets (one command each, pipelined). */
  async online(userIds: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const ask: string[] = [];
    for (const id of userIds) {
      if (this.local.has(id)) out.add(id);
      else ask.push(id);
    }
    if (!ask.length) return out;
    const p = this.redis.pipeline();
    for (const id of ask) p.scard(keys.sockets(id));
    const res = (await p.exec()) ?? [];
    ask.forEach((id, i) => {
      if (((res[i]?.[1] as number | undefined) ?? 0) > 0) out.add(id);
    });
    return out;
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.online([userId])).has(userId);
  }

  async counts(): Promise<{ connections: number; users_online: number }> {
    const live = await this.liveNodeIds();
    const counts = live.length ? await this.redis.mget(live.map(keys.node)) : [];
    const connections = counts.reduce((sum, c) => sum + (Number(c) || 0), 0);
    return { connections, users_online: await this.redis.scard(keys.online()) };
  }

  /** Registers this node's sockets again (after Redis lost its data). */
  async restore(): Promise<void> {
    const now = Date.now();
    for (const [userId, sockets] of this.local) {
      for (const socketId of sockets) await (this.redis as unknown as Cmds).parlorConnect(...this.args(userId, socketId, now));
    }
  }

  /** Heartbeat: this node is alive with N sockets; clears the sockets of nodes that stopped beating. */
  async beat(): Promise<void> {
    const now = Date.now();
    await this.redis.multi().set(keys.node(this.nodeId), String(this.localSockets), 'PX', NODE_TTL_MS * 2).zadd(keys.nodes(), now, this.nodeId).exec();
    const dead = await this.redis.zrangebyscore(keys.nodes(), '-inf', now - NODE_TTL_MS);
    for (const node of dead) {
      if ((await this.redis.zrem(keys.nodes(), node)) !== 1) continue; // another node is cleaning it
      const members = await this.redis.smembers(keys.nodeSockets(node));
      for (const m of members) {
        const [userId, socketId] = m.split('|') as [string, string];
        const p = this.redis.multi().srem(keys.sockets(userId), `${node}|${socketId}`);
        await p.exec();
        if ((await this.redis.scard(keys.sockets(userId))) === 0) await this.redis.srem(keys.online(), userId);
      }
      await this.redis.del(keys.nodeSockets(node));
    }
  }

  async liveNodes(): Promise<number> {
    return (await this.liveNodeIds()).length;
  }

  /** The nodes whose heartbeat is fresh (this one included). */
  async liveNodeIds(): Promise<string[]> {
    return this.redis.zrangebyscore(keys.nodes(), Date.now() - NODE_TTL_MS, '+inf');
  }

  async leave(): Promise<void> {
    await this.redis.multi().zrem(keys.nodes(), this.nodeId).del(keys.node(this.nodeId)).exec();
  }
}

export const NODE_TTL_MS = 6000;
