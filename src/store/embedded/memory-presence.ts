/** Presence of one process: sockets per user, status, last seen. */
import type { PresenceEntry, PresenceStatus, PresenceStore } from '../ports.js';

interface UserPresence {
  sockets: Set<string>;
  status: Exclude<PresenceStatus, 'offline'>;
  text?: string;
  last_seen: number;
}

export class MemoryPresence implements PresenceStore {
  private readonly users = new Map<string, UserPresence>();
  private connections = 0;

  async connect(userId: string, socketId: string, now: number): Promise<boolean> {
    let u = this.users.get(userId);
    if (!u) this.users.set(userId, (u = { sockets: new Set(), status: 'online', last_seen: now }));
    const first = u.sockets.size === 0;
    if (!u.sockets.has(socketId)) {
      u.sockets.add(socketId);
      this.connections++;
    }
    if (first) {
      u.status = 'online';
      delete u.text;
    }
    u.last_seen = now;
    return first;
  }

  async disconnect(userId: string, socketId: string, now: number): Promise<boolean> {
    const u = this.users.get(userId);
    if (!u || !u.sockets.delete(socketId)) return false;
    this.connections--;
    u.last_seen = now;
    if (u.sockets.size > 0) return false;
    // offline users are not kept here (their last_seen lives in the user store)
    this.users.delete(userId);
    return true;
  }

  async onlyHere(): Promise<boolean> {
    return true; // one process holds every socket
  }

  async setStatus(userId: string, status: Exclude<PresenceStatus, 'offline'>, text: string | undefined, now: number): Promise<void> {
    const u = this.users.get(userId);
    if (!u) return;
    u.status = status;
    if (text) u.text = text;
    else delete u.text;
    u.last_seen = now;
  }

  async get(userIds: string[]): Promise<Record<string, PresenceEntry>> {
    const out: Record<string, PresenceEntry> = Object.create(null); // ids may be "__proto__"
    for (const id of userIds) {
      const u = this.users.get(id);
      if (!u) continue;
      const online = u.sockets.size > 0;
      out[id] = online ? { status: u.status, ...(u.text ? { text: u.text } : {}), last_seen: u.last_seen } : { status: 'offline', last_seen: u.last_seen };
    }
    return out;
  }

  async online(userIds: string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => (this.users.get(id)?.sockets.size ?? 0) > 0));
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.online([userId])).has(userId);
  }

  async counts(): Promise<{ connections: number; users_online: number }> {
    let online = 0;
    for (const u of this.users.values()) if (u.sockets.size > 0) online++;
    return { connections: this.connections, users_online: online };
  }
}
