/**
 * Hold a socket's writes until the current turn of the event loop has handled its I/O: the
 * first call corks it, and one `setImmediate` (the turn's check phase, right after the poll
 * phase that ran the callbacks) uncorks every socket held in the turn, so what was written
 * to each meanwhile leaves in one system call. The more packets a loaded node handles in
 * one turn, the more writes share a call; an idle node's single write leaves at the end of
 * the same turn (the poll phase does not block while an immediate is pending). Nothing is
 * held past the turn. Used for the Redis connections (store/redis/turn-writes.ts) and for a
 * client awaiting a reply (transport/direct-write.ts). (`process.nextTick` released after
 * each callback's microtasks instead: twice the write calls under load — PERFORMANCE.md,
 * change 26.)
 */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

let held = new Set<Corkable>();
let flushes: (() => void)[] = [];
let scheduled = false;

function release(): void {
  // what a flush writes still leaves with the held sockets' writes (a socket it corks joins this release)
  const run = flushes;
  flushes = [];
  for (const f of run) f();
  scheduled = false;
  if (flushes.length) schedule();
  // swap the set first: a socket corked again while another is being uncorked (a write
  // callback that writes) goes into the next turn's set, and one that throws cannot keep
  // the others corked
  const list = held;
  held = new Set();
  for (const s of list) s.uncork();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(release);
}

/** Corks `socket` until the end of this turn of the event loop (once, however often it is called in the turn). */
export function corkForTurn(socket: Corkable): void {
  if (held.has(socket)) return;
  socket.cork();
  held.add(socket);
  schedule();
}

/** Runs `flush` once at the end of this turn, before the sockets held in it are uncorked (the caller calls it once per turn). */
export function flushAtTurnEnd(flush: () => void): void {
  flushes.push(flush);
  schedule();
}
