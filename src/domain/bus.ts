/**
 * In-process signals between domain services (so rooms need not know about
 * matchmaking or feeds). Listeners run after the change is stored; errors are logged.
 */
import type { RoomRecord } from './rooms/room-record.js';

export interface BusEvents {
  /** Public room list changed (a lobby feed update may be due). */
  lobby_changed: [];
  /** Seats or membership of a room changed. */
  members_changed: [room: RoomRecord];
  /** A room was closed. */
  room_closed: [room: RoomRecord];
  /** A game room's state changed (start, action, end). */
  game_changed: [room: RoomRecord];
}

type Name = keyof BusEvents;

export class Bus {
  private readonly listeners = new Map<Name, Array<(...a: any[]) => unknown>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  on<K extends Name>(name: K, fn: (...args: BusEvents[K]) => unknown): void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn);
    this.listeners.set(name, list);
  }

  emit<K extends Name>(name: K, ...args: BusEvents[K]): void {
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        const r = fn(...args);
        if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch(this.onError);
      } catch (e) {
        this.onError(e);
      }
    }
  }
}
