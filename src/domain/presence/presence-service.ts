/** Presence (SPEC §6): online while any socket of the user is connected on any node. */
import { iso } from '../../core/time.js';
import type { PresenceStatus } from '../../store/ports.js';
import type { Caller, Deps } from '../deps.js';
import type { MembershipService } from '../rooms/membership-service.js';

export class PresenceService {
  constructor(
    private readonly d: Deps,
    private readonly members: MembershipService,
  ) {}

  /** Records a user the server has issued an identity to (so challenges can find them offline). */
  async known(userId: string, name: string): Promise<void> {
    await this.d.stores.users.upsert({ user_id: userId, name, last_seen: this.d.clock.now() });
  }

  async socketConnected(caller: Caller, socketId: string): Promise<void> {
    const now = this.d.clock.now();
    await this.d.stores.users.upsert({ user_id: caller.id, name: caller.name, last_seen: now });
    if (await this.d.stores.presence.connect(caller.id, socketId, now)) {
      await this.members.userCameOnline(caller.id);
      await this.announce(caller.id, 'online');
    }
  }

  async socketDisconnected(caller: Caller, socketId: string): Promise<void> {
    const now = this.d.clock.now();
    if (await this.d.stores.presence.disconnect(caller.id, socketId, now)) {
      await this.d.stores.users.upsert({ user_id: caller.id, name: caller.name, last_seen: now });
      await this.announce(caller.id, 'offline');
      await this.members.userWentOffline(caller.id);
    }
  }

  async setStatus(caller: Caller, input: { status: Exclude<PresenceStatus, 'offline'>; text?: string }): Promise<void> {
    const text = input.text === '' ? undefined : input.text;
    await this.d.stores.presence.setStatus(caller.id, input.status, text, this.d.clock.now());
    await this.announce(caller.id, input.status, text);
  }

  async get(userIds: string[]): Promise<Record<string, { status: PresenceStatus; text?: string; last_seen: string }>> {
    const unique = [...new Set(userIds)];
    const live = await this.d.stores.presence.get(unique);
    // user ids are arbitrary strings ("__proto__", "constructor"): no prototype, own keys only
    const out: Record<string, { status: PresenceStatus; text?: string; last_seen: string }> = Object.create(null);
    for (const id of unique) {
      const p = Object.hasOwn(live, id) ? live[id] : undefined;
      if (p) {
        out[id] = { status: p.status, ...(p.text ? { text: p.text } : {}), last_seen: iso(p.last_seen) };
        continue;
      }
      const known = await this.d.stores.users.get(id);
      if (known) out[id] = { status: 'offline', last_seen: iso(known.last_seen) };
    }
    return out;
  }

  /** presence_changed to the members of every room the user is in, once to each of their sockets. */
  private async announce(userId: string, status: PresenceStatus, text?: string): Promise<void> {
    const data = { user_id: userId, status, ...(text ? { text } : {}) };
    this.d.pusher.toRooms(await this.d.repo.roomsOf(userId), 'presence_changed', data);
  }
}
