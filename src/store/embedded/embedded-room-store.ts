/**
 * Embedded live room state: every open room in memory, written through to SQL (room row
 * and new log events in one transaction) before the change is acknowledged. One process
 * owns the data, so compare-and-set is a check of the in-memory rev.
 */
import type { GameEvent, RoomStore } from '../ports.js';
import type { RoomRecord } from '../../domain/rooms/room-record.js';
import { memberIds } from '../../domain/rooms/room-record.js';
import type { SqlRoomMirror } from '../sql/sql-room-mirror.js';
import { KeyedQueue } from '../../core/keyed-queue.js';

export class EmbeddedRoomStore implements RoomStore {
  private readonly open = new Map<string, RoomRecord>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly writes = new KeyedQueue();

  constructor(private readonly mirror: SqlRoomMirror) {}

  /** Loads every open room (at start). */
  async load(): Promise<RoomRecord[]> {
    for (const room of await this.mirror.loadOpen()) this.replace(room.room_id, null, room);
    return [...this.open.values()];
  }

  async get(roomId: string): Promise<RoomRecord | null> {
    return this.open.get(roomId) ?? (await this.mirror.read(roomId));
  }

  commit(room: RoomRecord, expectedRev: number | null, events: GameEvent[] = []): Promise<boolean> {
    // the check and the write of one room must not interleave with another commit of it
    return this.writes.run(room.room_id, () => this.commitNow(room, expectedRev, events));
  }

  private async commitNow(room: RoomRecord, expectedRev: number | null, events: GameEvent[]): Promise<boolean> {
    const live = this.open.get(room.room_id);
    const current = live ?? (await this.mirror.read(room.room_id));
    if (expectedRev === null ? current !== null : current?.rev !== expectedRev) return false;
    await this.mirror.write(room, events);
    this.replace(room.room_id, live ?? null, room.status === 'closed' ? null : room);
    return true;
  }

  async listOpen(): Promise<RoomRecord[]> {
    return [...this.open.values()];
  }

  async roomsOf(userId: string): Promise<string[]> {
    return [...(this.byUser.get(userId) ?? [])];
  }

  /**
   * `after` (null: closed) takes the place of `before` (null: not in memory). A step of a
   * game leaves the members as they were, so their room lists are only touched when the
   * members changed (each step would otherwise drop and rebuild every member's set).
   */
  private replace(roomId: string, before: RoomRecord | null, after: RoomRecord | null): void {
    if (after) this.open.set(roomId, after);
    else this.open.delete(roomId);
    if (before && after && sameMembers(before, after)) return;
    const was = before ? memberIds(before) : [];
    const now = after ? memberIds(after) : [];
    for (const u of was) {
      if (now.includes(u)) continue;
      const set = this.byUser.get(u);
      set?.delete(roomId);
      if (set && set.size === 0) this.byUser.delete(u);
    }
    for (const u of now) {
      if (was.includes(u)) continue;
      let set = this.byUser.get(u);
      if (!set) this.byUser.set(u, (set = new Set()));
      set.add(roomId);
    }
  }
}

/** The same players and spectators, in the same order (what a game step keeps). */
function sameMembers(a: RoomRecord, b: RoomRecord): boolean {
  if (a.players.length !== b.players.length || a.spectators.length !== b.spectators.length) return false;
  for (let i = 0; i < a.players.length; i++) if (a.players[i]!.user_id !== b.players[i]!.user_id) return false;
  for (let i = 0; i < a.spectators.length; i++) if (a.spectators[i]!.user_id !== b.spectators[i]!.user_id) return false;
  return true;
}
