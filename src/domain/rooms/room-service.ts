/**
 * Room lifecycle (SPEC §5): create, read, list, update, kick, close, and the idle/empty
 * timers. Joining and leaving live in membership-service.ts.
 */
import { randomUUID } from 'node:crypto';
import { fail } from '../../core/errors.js';
import { hashPassword } from '../../core/passwords.js';
import type { Caller, Deps } from '../deps.js';
import { isAdmin } from '../deps.js';
import type { CloseReason, RoomRecord } from './room-record.js';
import { isMember, memberIds } from './room-record.js';
import { canSee, ensureOpen, ensureOwner, isGeoRoom, isListed, playerBounds } from './room-rules.js';
import { roomSummary, roomView, type Room, type RoomSummary } from './room-view.js';
import type { Metadata } from '../../protocol/fields.js';
import type { Reach } from '../pusher.js';

export interface CreateRoomInput {
  game_type: string;
  permission?: 'public' | 'private';
  password?: string;
  max_players?: number;
  min_players?: number;
  allowed_users?: string[];
  allowed_roles?: string[];
  turn_time_limit_s?: number;
  auto_start?: boolean;
  metadata?: Metadata;
  room_id?: string;
}

export interface ListFilter {
  game_type?: string;
  has_space?: boolean;
  include_active?: boolean;
  limit?: number;
}

/** Which of some users are online, read ahead of a view (RoomService.presenceOf). */
export interface PresenceRead {
  ids: string[];
  online: Set<string>;
}

export const timerKeys = {
  idle: (roomId: string) => `idle:${roomId}`,
  empty: (roomId: string) => `empty:${roomId}`,
  grace: (roomId: string, userId: string) => `grace:${roomId}:${userId}`,
};

export class RoomService {
  /** created_at of the last room built here: listings are "newest first" by created_at, so two rooms never share a millisecond. */
  private lastCreatedAt = 0;

  constructor(private readonly d: Deps) {}

  /**
   * The client view of a room, with each player's presence. `ahead`: presence read
   * beforehand (presenceOf), alongside the change that made `room`; it is used when it
   * covers every player of `room`, else presence is read now.
   */
  async view(room: RoomRecord, ahead?: PresenceRead): Promise<Room> {
    const ids = room.players.map((p) => p.user_id);
    const online = ahead && ids.every((id) => ahead.ids.includes(id)) ? ahead.online : await this.d.stores.presence.online(ids);
    return roomView(room, (id) => online.has(id));
  }

  /** Which of these players are online, for a view built once a change is stored (one wait fewer in cluster mode). */
  async presenceOf(userIds: string[]): Promise<PresenceRead> {
    return { ids: userIds, online: await this.d.stores.presence.online(userIds) };
  }

  /** Builds a validated room record for `owner` (not stored). */
  async build(owner: Caller, input: CreateRoomInput, extra: Partial<RoomRecord> = {}): Promise<RoomRecord> {
    if (!this.d.games.has(input.game_type)) throw fail.validation('game_type', `Unknown game_type "${input.game_type}"`);
    const module = this.d.games.get(input.game_type);
    const bounds = playerBounds(module, input);
    const metadata = input.metadata ?? {};
    for (const [key, schema] of Object.entries(module?.metadata ?? {})) {
      if (metadata[key] === undefined) continue;
      const r = schema.safeParse(metadata[key]);
      if (!r.success) throw fail.validation(`metadata.${key}`, `metadata.${key}: ${r.error.issues[0]?.message ?? 'invalid'}`);
    }
    const now = this.d.clock.now();
    const createdAt = (this.lastCreatedAt = Math.max(now, this.lastCreatedAt + 1));
    return {
      room_id: input.room_id ?? `room_${randomUUID()}`,
      game_type: input.game_type,
      owner_id: owner.id,
      permission: input.permission ?? 'public',
      password_hash: input.password ? await hashPassword(input.password) : null,
      ...bounds,
      allowed_users: input.allowed_users ?? null,
      allowed_roles: input.allowed_roles ?? null,
      players: [{ user_id: owner.id, name: owner.name, seat: 0, joined_at: now }],
      spectators: [],
      banned: [],
      status: 'waiting',
      turn_time_limit_s: input.turn_time_limit_s ?? null,
      auto_start: input.auto_start ?? false,
      metadata,
      created_at: createdAt,
      version: 0,
      rev: 1,
      last_activity: now,
      starts_at: null,
      game: null,
      closed_reason: null,
      closed_at: null,
      ...extra,
    };
  }

  /** Stores a built room and announces it. CONFLICT when the id is taken. */
  async insert(room: RoomRecord): Promise<Room> {
    if (!(await this.d.repo.create(room))) throw fail.conflict(`Room id ${room.room_id} is taken`);
    // independent of each other: one wait instead of one round trip each in cluster mode
    const [view] = await Promise.all([
      this.view(room),
      this.d.stores.scheduler.schedule({ key: timerKeys.idle(room.room_id), kind: 'room_idle', due_at: room.created_at + this.d.config.roomIdleTtlS * 1000, data: { room_id: room.room_id } }),
      ...room.players.map((p) => this.attachMember(p.user_id, room.room_id, 'player')),
    ]);
    if (isListed(room)) this.d.bus.emit('lobby_changed');
    this.d.bus.emit('members_changed', room);
    this.d.hooks.emit('room_created', view);
    return view;
  }

  async create(caller: Caller, input: CreateRoomInput): Promise<Room> {
    if (input.room_id !== undefined && isGeoRoom(input.room_id)) throw fail.validation('room_id', 'room ids starting with geo_ are reserved for location chat');
    return this.insert(await this.build(caller, input));
  }

  /** A room the caller may see (private rooms: members and admins only). */
  async visible(roomId: string, caller: Caller | null): Promise<RoomRecord> {
    const room = await this.d.repo.get(roomId);
    if (!room || !canSee(room, caller)) throw fail.notFound('Room');
    return room;
  }

  async listPublic(filter: ListFilter): Promise<RoomSummary[]> {
    const rooms = (await this.d.repo.listOpen()).filter(
      (r) =>
        isListed(r) &&
        (filter.game_type === undefined || r.game_type === filter.game_type) &&
        ((filter.has_space ?? true) === false || r.players.length < r.max_players) &&
        (filter.include_active ? r.status === 'waiting' || r.status === 'active' : r.status === 'waiting'),
    );
    return newestFirst(rooms).slice(0, filter.limit ?? 50).map(roomSummary);
  }

  async listAll(caller: Caller): Promise<RoomSummary[]> {
    if (!isAdmin(caller)) throw fail.forbidden('Only admins may list every room');
    return newestFirst(await this.d.repo.listOpen()).map(roomSummary);
  }

  async userRooms(caller: Caller): Promise<RoomSummary[]> {
    const ids = await this.d.repo.roomsOf(caller.id);
    const rooms = (await Promise.all(ids.map((id) => this.d.repo.get(id)))).filter((r): r is RoomRecord => !!r && r.status !== 'closed');
    return newestFirst(rooms).map(roomSummary);
  }

  async update(caller: Caller, input: { room_id: string; metadata?: Metadata; permission?: 'public' | 'private'; password?: string }): Promise<Room> {
    const passwordHash = input.password === undefined ? undefined : input.password === '' ? null : await hashPassword(input.password);
    const before = await this.d.repo.require(input.room_id);
    const { room } = await this.d.repo.update(input.room_id, (draft) => {
      ensureOpen(draft);
      if (!isMember(draft, caller.id) && draft.owner_id !== caller.id) throw fail.notInRoom();
      ensureOwner(draft, caller);
      if (input.metadata !== undefined) {
        const module = this.d.games.get(draft.game_type);
        for (const [key, schema] of Object.entries(module?.metadata ?? {})) {
          const v = input.metadata[key];
          if (v !== undefined && !schema.safeParse(v).success) throw fail.validation(`metadata.${key}`, `metadata.${key} is invalid`);
        }
        draft.metadata = input.metadata;
      }
      if (input.permission !== undefined) draft.permission = input.permission;
      if (passwordHash !== undefined) draft.password_hash = passwordHash;
      draft.last_activity = this.d.clock.now();
    });
    const view = await this.view(room);
    this.d.pusher.toRoom(room.room_id, 'room_updated', { room: view });
    if (isListed(room) || isListed(before)) this.d.bus.emit('lobby_changed');
    return view;
  }

  /** Closes a room (owner or admin). */
  async close(caller: Caller, roomId: string): Promise<void> {
    const room = await this.d.repo.require(roomId);
    if (room.status === 'closed') throw fail.closed();
    if ((room.owner_id !== caller.id || isGeoRoom(roomId)) && !isAdmin(caller)) {
      if (!isMember(room, caller.id) && !canSee(room, caller)) throw fail.notFound('Room');
      throw fail.forbidden('Only the owner or an admin may close the room');
    }
    await this.closeRoom(roomId, 'closed');
  }

  /** Closes the room for `reason`; a no-op when it is already closed. */
  async closeRoom(roomId: string, reason: CloseReason): Promise<boolean> {
    const { room, changed } = await this.d.repo.update(roomId, (draft, tx) => {
      if (draft.status === 'closed') return tx.skip();
      draft.status = 'closed';
      draft.closed_reason = reason;
      draft.closed_at = this.d.clock.now();
      draft.starts_at = null;
    });
    if (!changed) return false;
    this.d.pusher.toRoom(roomId, 'room_closed', { room_id: roomId, reason });
    await this.d.pusher.detachAll(roomId);
    await Promise.all(memberIds(room).map((uid) => this.pushUserRooms(uid, this.reach(uid))));
    const s = this.d.stores.scheduler;
    await Promise.all([s.cancel(timerKeys.idle(roomId)), s.cancel(timerKeys.empty(roomId)), ...memberIds(room).map((u) => s.cancel(timerKeys.grace(roomId, u)))]);
    if (room.permission === 'public') this.d.bus.emit('lobby_changed');
    this.d.bus.emit('room_closed', room);
    this.d.hooks.emit('room_closed', { room_id: roomId, reason });
    return true;
  }

  /** Idle timer: close when nothing happened for ROOM_IDLE_TTL_S, else re-arm at the right time. */
  async onIdleTimer(roomId: string): Promise<void> {
    const room = await this.d.repo.get(roomId);
    if (!room || room.status === 'closed') return;
    const lastChat = (await this.d.stores.chat.lastActivity(roomId)) ?? 0;
    const due = Math.max(room.last_activity, lastChat) + this.d.config.roomIdleTtlS * 1000;
    if (due > this.d.clock.now()) {
      await this.d.stores.scheduler.schedule({ key: timerKeys.idle(roomId), kind: 'room_idle', due_at: due, data: { room_id: roomId } });
      return;
    }
    await this.closeRoom(roomId, 'expired');
  }

  async onEmptyTimer(roomId: string): Promise<void> {
    const room = await this.d.repo.get(roomId);
    if (!room || room.status === 'closed' || memberIds(room).length > 0) return;
    await this.closeRoom(roomId, 'empty');
  }

  /**
   * After a stored join: the user's sockets enter the room's channels and hear their new
   * room list. Those on this node enter before this returns its promise (what the joiner
   * reads next is read after they hear the room); those on other nodes, if any, through
   * the cluster.
   */
  async attachMember(userId: string, roomId: string, role: 'player' | 'spectator'): Promise<void> {
    const reach = this.reach(userId);
    void this.d.pusher.attach(userId, roomId, role, 'node');
    await Promise.all([reach.then((r) => (r === 'cluster' ? this.d.pusher.attach(userId, roomId, role, r) : undefined)), this.pushUserRooms(userId, reach)]);
  }

  /** After a stored leave: the user's sockets leave the room's channels and hear their new room list. */
  async detachMember(userId: string, roomId: string): Promise<void> {
    const reach = this.reach(userId);
    await Promise.all([reach.then((r) => this.d.pusher.detach(userId, roomId, r)), this.pushUserRooms(userId, reach)]);
  }

  /**
   * Where a change of the user's room channels, or their room list, must go: `node` when
   * all their sockets are here (most users have one connection), so that it travels no
   * cluster stream. Asked after the membership change was stored (PresenceStore.onlyHere).
   */
  private async reach(userId: string): Promise<Reach> {
    return (await this.d.stores.presence.onlyHere(userId)) ? 'node' : 'cluster';
  }

  /** `user_joined_rooms` to the user's sockets; `reach`: being asked by the caller, in parallel with this read. */
  private async pushUserRooms(userId: string, reach: Promise<Reach>): Promise<void> {
    const [rooms, r] = await Promise.all([this.d.repo.roomsOf(userId), reach]);
    this.d.pusher.toUser(userId, 'user_joined_rooms', { rooms }, r);
  }
}

function newestFirst(rooms: RoomRecord[]): RoomRecord[] {
  return [...rooms].sort((a, b) => b.created_at - a.created_at || (a.room_id < b.room_id ? -1 : 1));
}

