/**
 * Typed hooks for embedders (SPEC §15): fired after the change is durable. A listener
 * that throws is logged and never breaks the request that caused it.
 */
import type { Room } from './rooms/room-view.js';
import type { RoomId, UserId } from '../core/ids.js';

export interface HookEvents {
  room_created: [room: Room];
  room_joined: [info: { room: Room; user_id: UserId; as: 'player' | 'spectator' }];
  room_left: [info: { room_id: RoomId; user_id: UserId; reason: 'left' | 'kicked' | 'disconnected' }];
  room_closed: [info: { room_id: RoomId; reason: 'closed' | 'expired' | 'empty' }];
  game_over: [info: { room_id: RoomId; game_type: string; players: UserId[]; result: unknown }];
}

export type HookName = keyof HookEvents;
type Listener<K extends HookName> = (...args: HookEvents[K]) => unknown;

export class Hooks {
  private readonly listeners = new Map<HookName, Set<Listener<any>>>();

  constructor(private readonly onError: (hook: HookName, err: unknown) => void) {}

  on<K extends HookName>(name: K, fn: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn);
    return () => set!.delete(fn);
  }

  emit<K extends HookName>(name: K, ...args: HookEvents[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const fn of set) {
      try {
        const r = fn(...args);
        if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch((e) => this.onError(name, e));
      } catch (e) {
        this.onError(name, e);
      }
    }
  }
}
