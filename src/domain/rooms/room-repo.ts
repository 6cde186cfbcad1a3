/**
 * Serialized, compare-and-set updates of one room. In-process, changes to a room run one
 * at a time (a queue per room); across processes the store's compare-and-set on `rev`
 * rejects a stale write, and the update is retried on the fresh state.
 */
import { KeyedQueue } from '../../core/keyed-queue.js';
import { ParlorError, fail } from '../../core/errors.js';
import type { GameEvent, RoomStore } from '../../store/ports.js';
import { cloneRoom, type RoomRecord } from './room-record.js';

export interface UpdateTx {
  /** Log events to append atomically with the room. */
  events: GameEvent[];
  /** Leave the room as it is (nothing is written). */
  skip(): void;
}

const MAX_ATTEMPTS = 20;

/** A fresh transaction for one attempt of a change; `skipped` says whether the change called `skip`. */
function openTx(): UpdateTx & { skipped: boolean } {
  const tx = { events: [] as GameEvent[], skipped: false, skip: () => void (tx.skipped = true) };
  return tx;
}

export class RoomRepo {
  private readonly queue = new KeyedQueue();

  constructor(private readonly store: RoomStore) {}

  get(roomId: string): Promise<RoomRecord | null> {
    return this.store.get(roomId);
  }

  async require(roomId: string): Promise<RoomRecord> {
    const room = await this.store.get(roomId);
    if (!room) throw fail.notFound('Room');
    return room;
  }

  /** Stores a new room; false when the id is taken. */
  async create(room: RoomRecord): Promise<boolean> {
    return this.queue.run(room.room_id, () => this.store.commit(room, null));
  }

  /**
   * Applies `change` to a private copy of the room and stores it. `change` may throw a
   * ParlorError to refuse; it must not do I/O with side effects (it can run again on a conflict).
   * `seen`: the room as the caller just read it, tried first instead of a fresh read (a
   * round trip to Redis in cluster mode); if it is stale the compare-and-set refuses it and
   * the change runs again on the stored room.
   */
  update<T>(roomId: string, change: (draft: RoomRecord, tx: UpdateTx) => T | Promise<T>, seen?: RoomRecord): Promise<{ room: RoomRecord; value: T; changed: boolean }> {
    return this.queue.run(roomId, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const current = attempt === 0 && seen?.room_id === roomId ? seen : await this.require(roomId);
        const draft = cloneRoom(current);
        const tx = openTx();
        const value = await change(draft, tx);
        if (tx.skipped) return { room: current, value, changed: false };
        draft.rev = current.rev + 1;
        if (await this.store.commit(draft, current.rev, tx.events)) return { room: draft, value, changed: true };
      }
      throw fail.busy();
    });
  }

  /**
   * One attempt of `change` on this process's copy of the room (cluster mode), without a
   * read: stored with the check that `action` was not stored before, in one atomic step.
   * Returns the stored room, or `{ reply }` when that action was stored before, or null
   * when nothing was stored and the caller must go the usual way (`update` on a fresh
   * read): there is no copy, `change` refused or skipped on it (the copy may be stale;
   * a refusal is only given on the stored room), or the compare-and-set refused the copy.
   */
  updateOnCopy<T>(roomId: string, change: (draft: RoomRecord, tx: UpdateTx) => T, action: { user_id: string; action_id: string } | null): Promise<{ room: RoomRecord; value: T } | { reply: GameEvent } | null> {
    const store = this.store;
    if (!store.copyOf || !store.commitOnCopy) return Promise.resolve(null);
    return this.queue.run(roomId, async () => {
      const draft = store.copyOf!(roomId);
      if (!draft) return null;
      const rev = draft.rev;
      const tx = openTx();
      let value: T;
      try {
        value = change(draft, tx);
      } catch (err) {
        if (err instanceof ParlorError) return null;
        throw err;
      }
      if (tx.skipped) return null;
      draft.rev = rev + 1;
      const res = await store.commitOnCopy!(draft, rev, tx.events, action);
      if (res === true) return { room: draft, value };
      return res ? { reply: res } : null;
    });
  }

  listOpen(): Promise<RoomRecord[]> {
    return this.store.listOpen();
  }

  roomsOf(userId: string): Promise<string[]> {
    return this.store.roomsOf(userId);
  }
}
