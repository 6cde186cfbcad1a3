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
    for (const room of await this.mirror.loadOpen()) this.remember(room);
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
    if (live) this.forget(live);
    if (room.status !== 'closed') this.remember(room);
    return true;
  }

  async listOpen(): Promise<RoomRecord[]> {
    return [...this.open.values()];
  }

  async roomsOf(userId: string): Promise<string[]> {
    return [...(this.byUser.get(userId) ?? [])];
  }

  private remember(room: RoomRecord): void {
    this.open.set(room.room_id, room);
    for (const u of memberIds(room)) {
      let set = this.byUser.get(u);
      if (!set) this.byUser.set(u, (set = new Set()));
      set.add(room.room_id);
    }
  }

  private forget(room: RoomRecord): void {
    this.open.delete(room.room_id);
    for (const u of memberIds(room)) {
      const set = this.byUser.get(u);
      set?.delete(room.room_id);
      if (set && set.size === 0) this.byUser.delete(u);
    }
  }
}
