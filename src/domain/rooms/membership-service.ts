/**
 * Joining and leaving rooms (SPEC §5): seats, spectators, passwords, allow lists,
 * kicks, ownership transfer, and the reconnect grace of waiting rooms.
 */
import { ParlorError, fail } from '../../core/errors.js';
import { verifyPassword } from '../../core/passwords.js';
import type { Caller, Deps } from '../deps.js';
import { isAdmin } from '../deps.js';
import type { RoomRecord } from './room-record.js';
import { isMember, memberIds, seatOf } from './room-record.js';
import { MAX_SPECTATORS, checkAccess, ensureOpen, ensureOwner, ensureSeatAvailable, freeSeat, isListed, nextOwner } from './room-rules.js';
import { timerKeys, type RoomService } from './room-service.js';
import type { Room } from './room-view.js';

export type LeaveReason = 'left' | 'kicked' | 'disconnected';

/** `removeFrom`'s answer when the room must be read again (the game started meanwhile). */
const RESTART = Symbol('restart');
const MAX_LEAVE_ATTEMPTS = 5;

export interface JoinResult<T = undefined> {
  room: RoomRecord;
  view: Room;
  status: 'joined' | 'already_joined';
  as: 'player' | 'spectator';
  /** What `alongside` read. */
  read: T;
}

/**
 * What the joiner is told besides the room (its recent messages, its game state): read
 * once the joiner's sockets on this node are in the room's channels, so that nothing
 * pushed to the room falls between the read and what they hear next; and in the same
 * wait as the rest of the join's announcement.
 */
export type JoinRead<T> = (room: RoomRecord) => Promise<T>;

export class MembershipService {
  /** Runs before a member leaves an active game (the game engine applies its forfeit rule). */
  beforeLeaveActive: (room: RoomRecord, userId: string) => Promise<void> = async () => {};

  constructor(
    private readonly d: Deps,
    private readonly rooms: RoomService,
  ) {}

  async join<T = undefined>(caller: Caller, input: { room_id: string; password?: string; as?: 'player' | 'spectator' }, alongside: JoinRead<T> = async () => undefined as T): Promise<JoinResult<T>> {
    const as = input.as ?? 'player';
    const peek = await this.d.repo.require(input.room_id);
    ensureOpen(peek);
    // already in (before, or by a concurrent join): nothing changes, the reply is read as for a join
    const alreadyIn = async (room: RoomRecord): Promise<JoinResult<T>> => {
      const [view, read] = await Promise.all([this.rooms.view(room), alongside(room)]);
      return { room, view, status: 'already_joined', as: seatOf(room, caller.id) ? 'player' : 'spectator', read };
    };
    if (isMember(peek, caller.id)) return alreadyIn(peek);
    checkAccess(peek, caller);
    if (peek.password_hash) {
      if (input.password === undefined || input.password === '') throw new ParlorError('WRONG_PASSWORD', 'This room needs a password', { field: 'password' });
      if (!(await verifyPassword(input.password, peek.password_hash))) throw new ParlorError('WRONG_PASSWORD', 'Wrong password', { field: 'password' });
    }
    const now = this.d.clock.now();
    const { room, value: status } = await this.d.repo.update(input.room_id, (draft, tx) => {
      ensureOpen(draft);
      if (isMember(draft, caller.id)) {
        tx.skip();
        return 'already_joined' as const;
      }
      checkAccess(draft, caller);
      if (as === 'spectator') {
        if (draft.spectators.length >= MAX_SPECTATORS) throw new ParlorError('ROOM_FULL', 'No spectator place left');
        draft.spectators.push({ user_id: caller.id, name: caller.name, joined_at: now });
      } else {
        if (draft.status !== 'waiting') throw fail.conflict('The game has already started; join as a spectator');
        ensureSeatAvailable(draft);
        draft.players.push({ user_id: caller.id, name: caller.name, seat: freeSeat(draft), joined_at: now });
      }
      draft.last_activity = now;
      return 'joined' as const;
    }, peek);
    if (status === 'already_joined') return alreadyIn(room);
    const [view, read] = await this.announceJoin(room, caller, as, alongside);
    return { room, view, status, as, read };
  }

  /** Tells the room, the joiner and the hooks; answers the room's view and what `alongside` read. */
  private async announceJoin<T>(room: RoomRecord, caller: Caller, as: 'player' | 'spectator', alongside: JoinRead<T>): Promise<[Room, T]> {
    // the view, the joiner's channel, the empty-room timer (only while nobody is in: the first
    // one in stops it), their room list and the joiner's read are independent: one wait for
    // all in cluster mode. attachMember puts this node's sockets in the channel before it
    // returns, so `alongside`, called after it, reads after the joiner hears the room.
    const [view, , , read] = await Promise.all([
      this.rooms.view(room),
      this.rooms.attachMember(caller.id, room.room_id, as),
      memberIds(room).length === 1 ? this.d.stores.scheduler.cancel(timerKeys.empty(room.room_id)) : null,
      alongside(room),
    ]);
    if (as === 'player') {
      const player = view.players.find((p) => p.user_id === caller.id);
      this.d.pusher.toRoom(room.room_id, 'player_joined', { room_id: room.room_id, player });
    } else {
      this.d.pusher.toRoom(room.room_id, 'room_updated', { room: view });
    }
    if (room.game_type === 'chat') this.d.pusher.toRoom(room.room_id, 'user_joined', { room_id: room.room_id, user_id: caller.id, name: caller.name });
    if (isListed(room)) this.d.bus.emit('lobby_changed');
    this.d.bus.emit('members_changed', room);
    this.d.hooks.emit('room_joined', { room: view, user_id: caller.id, as });
    return [view, read];
  }

  async leave(caller: Caller, roomId: string): Promise<void> {
    const room = await this.d.repo.require(roomId);
    ensureOpen(room);
    if (!isMember(room, caller.id)) throw fail.notInRoom();
    await this.remove(roomId, caller.id, 'left', room);
  }

  async kick(caller: Caller, input: { room_id: string; user_id: string }): Promise<Room> {
    const room = await this.d.repo.require(input.room_id);
    ensureOpen(room);
    if (!isMember(room, caller.id) && !isAdmin(caller)) throw fail.notInRoom();
    ensureOwner(room, caller);
    if (input.user_id === caller.id) throw fail.validation('user_id', 'You cannot kick yourself; use leave_room');
    if (!isMember(room, input.user_id)) throw fail.notFound('Member');
    const after = await this.remove(input.room_id, input.user_id, 'kicked');
    return this.rooms.view(after ?? (await this.d.repo.require(input.room_id)));
  }

  /**
   * Removes a member (player or spectator) for `reason`; returns the room after, or null if
   * they were not a member. `seen`: the room as the caller just read it (saves a read).
   */
  async remove(roomId: string, userId: string, reason: LeaveReason, seen?: RoomRecord): Promise<RoomRecord | null> {
    for (let attempt = 0; attempt < MAX_LEAVE_ATTEMPTS; attempt++) {
      const before = attempt === 0 && seen ? seen : await this.d.repo.require(roomId);
      const removed = await this.removeFrom(before, userId, reason);
      if (removed !== RESTART) return removed;
    }
    throw fail.busy();
  }

  /**
   * `remove` on the room as read in `before`. A seated player leaving an active game first
   * forfeits it; if the game started after `before` was read (a start at the same instant),
   * nothing is stored and RESTART asks for a fresh read, so the leave does not empty a seat
   * of a running game without its forfeit.
   */
  private async removeFrom(before: RoomRecord, userId: string, reason: LeaveReason): Promise<RoomRecord | null | typeof RESTART> {
    const roomId = before.room_id;
    // a reconnect grace expiry takes a seat of a waiting room only: in a game that started meanwhile the player keeps it
    const waitingOnly = reason === 'disconnected';
    const forfeits = before.status === 'active' && !!seatOf(before, userId);
    if (forfeits) await this.beforeLeaveActive(before, userId);
    const { room, changed, value } = await this.d.repo.update(roomId, (draft, tx): string | null | typeof RESTART => {
      if (draft.status === 'closed' || !isMember(draft, userId) || (waitingOnly && draft.status !== 'waiting')) {
        tx.skip();
        return null;
      }
      if (!forfeits && draft.status === 'active' && seatOf(draft, userId)) {
        tx.skip();
        return RESTART;
      }
      draft.players = draft.players.filter((p) => p.user_id !== userId);
      draft.spectators = draft.spectators.filter((s) => s.user_id !== userId);
      if (reason === 'kicked') draft.banned.push(userId);
      if (draft.starts_at !== null && draft.players.length < draft.min_players) draft.starts_at = null;
      draft.last_activity = this.d.clock.now();
      if (draft.owner_id === userId) {
        const next = nextOwner(draft);
        if (next) draft.owner_id = next;
        return next;
      }
      return null;
    }, forfeits ? undefined : before); // a forfeit has just changed the room
    if (value === RESTART) return RESTART;
    if (!changed) return null;
    const newOwner = value; // the next owner when the owner left, else null
    this.d.pusher.toRoom(roomId, 'player_left', { room_id: roomId, user_id: userId, reason });
    const s = this.d.stores.scheduler;
    // independent of each other: one wait for all in cluster mode
    await Promise.all([
      this.rooms.detachMember(userId, roomId).then(() => {
        if (newOwner) this.d.pusher.toRoom(roomId, 'owner_changed', { room_id: roomId, owner_id: newOwner });
      }),
      // grace timers are armed for waiting rooms only (one left behind re-checks and does nothing)
      room.status === 'waiting' ? s.cancel(timerKeys.grace(roomId, userId)) : null,
      memberIds(room).length === 0
        ? s.schedule({ key: timerKeys.empty(roomId), kind: 'room_empty', due_at: this.d.clock.now() + this.d.config.roomEmptyTtlS * 1000, data: { room_id: roomId } })
        : null,
    ]);
    if (isListed(room)) this.d.bus.emit('lobby_changed');
    this.d.bus.emit('members_changed', room);
    this.d.hooks.emit('room_left', { room_id: roomId, user_id: userId, reason });
    return room;
  }

  /** The user's last socket went away: waiting rooms keep their seat for RECONNECT_GRACE_S. */
  async userWentOffline(userId: string): Promise<void> {
    const due = this.d.clock.now() + this.d.config.reconnectGraceS * 1000;
    for (const roomId of await this.d.repo.roomsOf(userId)) {
      const room = await this.d.repo.get(roomId);
      if (room?.status !== 'waiting') continue;
      await this.d.stores.scheduler.schedule({ key: timerKeys.grace(roomId, userId), kind: 'reconnect_grace', due_at: due, data: { room_id: roomId, user_id: userId } });
    }
  }

  /** The user is back: cancel every pending grace expiry. */
  async userCameOnline(userId: string): Promise<void> {
    for (const roomId of await this.d.repo.roomsOf(userId)) await this.d.stores.scheduler.cancel(timerKeys.grace(roomId, userId));
  }

  async onGraceTimer(roomId: string, userId: string): Promise<void> {
    if (await this.d.stores.presence.isOnline(userId)) return;
    const room = await this.d.repo.get(roomId);
    if (room?.status !== 'waiting' || !isMember(room, userId)) return;
    await this.remove(roomId, userId, 'disconnected', room);
  }

  /** After a restart nobody is connected: start the grace period of every member of a waiting room. */
  async armGraceAfterRestart(): Promise<void> {
    const due = this.d.clock.now() + this.d.config.reconnectGraceS * 1000;
    for (const room of await this.d.repo.listOpen()) {
      if (room.status !== 'waiting') continue;
      for (const uid of memberIds(room)) {
        if (await this.d.stores.presence.isOnline(uid)) continue;
        await this.d.stores.scheduler.schedule({ key: timerKeys.grace(room.room_id, uid), kind: 'reconnect_grace', due_at: due, data: { room_id: room.room_id, user_id: uid } });
      }
    }
  }
}
