/**
 * A small typed event emitter: `on(name, fn)` with the payload type of `name`, `onAny`,
 * and `next(name, pred)` as a promise. A listener that throws does not break the others;
 * its error still surfaces as an uncaught exception.
 */
import { ParlorClientError } from './client-error.js';

type Listener = (data: any) => void;

export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<PropertyKey, Set<Listener>>();
  private readonly anyListeners = new Set<(event: string, data: unknown) => void>();

  constructor(private readonly defaultTimeoutMs: number) {}

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, fn: (data: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => this.off(event, fn);
  }

  off<K extends keyof Events>(event: K, fn: (data: Events[K]) => void): void {
    this.listeners.get(event)?.delete(fn);
  }

  /** Every event, including ones the typed map does not know (a custom game's pushes). */
  onAny(fn: (event: string, data: unknown) => void): () => void {
    this.anyListeners.add(fn);
    return () => this.anyListeners.delete(fn);
  }

  /** The next `event` (matching `pred`), e.g. `await client.next('game_over')`; rejects with TIMEOUT. */
  next<K extends keyof Events>(event: K, pred: (d: Events[K]) => boolean = () => true, timeoutMs = this.defaultTimeoutMs): Promise<Events[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new ParlorClientError('TIMEOUT', `No ${String(event)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on(event, (d) => {
        if (!pred(d)) return;
        clearTimeout(timer);
        off();
        resolve(d);
      });
    });
  }

  protected emit(event: string, data: unknown, toAny = false): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) this.safely(() => fn(data));
    if (toAny) for (const fn of [...this.anyListeners]) this.safely(() => fn(event, data));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      setTimeout(() => {
        throw err;
      });
    }
  }
}
