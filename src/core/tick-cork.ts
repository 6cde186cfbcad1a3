/**
 * Hold a socket's writes until the current tick ends: the first call corks it, and one
 * `process.nextTick` uncorks every socket held in the tick, so what was written to each in
 * the meantime leaves in one system call. Nothing is held past the tick (no timer, no later
 * turn of the event loop). Used for the Redis connections (store/redis/tick-writes.ts) and
 * for a client awaiting a reply (transport/direct-write.ts).
 */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

const held = new Set<Corkable>();

function release(): void {
  for (const s of held) s.uncork();
  held.clear();
}

/** Corks `socket` until the end of this tick (once, however often it is called in the tick). */
export function corkForTick(socket: Corkable): void {
  if (held.has(socket)) return;
  socket.cork();
  held.add(socket);
  if (held.size === 1) process.nextTick(release);
}
