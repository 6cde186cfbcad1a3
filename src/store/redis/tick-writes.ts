/**
 * One socket write per tick for a Redis connection. ioredis writes every command to its
 * socket as it is issued: a `write(2)` each. Replies arrive in batches (one read holds the
 * replies of many commands), and the code awaiting them issues its next commands in the
 * same microtask drain — on a loaded node, several commands per tick, each its own
 * system call (on loopback each costs the writer the receiver's side of TCP too).
 *
 * Here the first command of a tick corks the socket and a `process.nextTick` uncorks it
 * (core/tick-cork.ts):
 * the commands of that drain leave in one `writev`, before the event loop moves on, so no
 * command waits longer than it did (nothing is deferred to a timer or a later turn).
 */
import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { corkForTick } from '../../core/tick-cork.js';

const PATCHED = Symbol('parlor.tickWrites');

/** Installs the per-tick cork on every socket `redis` connects with (now and after reconnects). */
export function writePerTick(redis: Redis): Redis {
  const install = () => {
    const stream = (redis as unknown as { stream?: Socket }).stream;
    if (stream) corkPerTick(stream);
  };
  redis.on('connect', install);
  install();
  return redis;
}

/** Exported for tests: every write to `socket` corks it until the end of its tick (core/tick-cork.ts). */
export function corkPerTick(socket: Socket): void {
  const s = socket as Socket & { [PATCHED]?: true };
  if (s[PATCHED]) return;
  s[PATCHED] = true;
  const write = socket.write;
  socket.write = function (this: Socket, ...args: unknown[]) {
    if (!socket.destroyed) corkForTick(socket);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as Socket['write'];
}
