/**
 * One socket write per event-loop turn for a Redis connection. ioredis writes every command
 * to its socket as it is issued: a `write(2)` each. Replies arrive in batches (one read
 * holds the replies of many commands), and the code awaiting them issues its next commands
 * — on a loaded node, many commands per turn (from many clients' packets), each its own
 * system call (on loopback each costs the writer the receiver's side of TCP too).
 *
 * Here the first command of a turn corks the socket and the turn's check phase uncorks it
 * (core/turn-cork.ts): the commands issued while the turn handled its I/O leave in one
 * `writev`, nothing deferred to a timer or a later turn.
 */
import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { corkForTurn } from '../../core/turn-cork.js';

const PATCHED = Symbol('parlor.turnWrites');

/** Installs the per-turn cork on every socket `redis` connects with (now and after reconnects). */
export function writePerTurn(redis: Redis): Redis {
  const install = () => {
    const stream = (redis as unknown as { stream?: Socket }).stream;
    if (stream) corkPerTurn(stream);
  };
  redis.on('connect', install);
  install();
  return redis;
}

/** Exported for tests: every write to `socket` corks it until the end of its turn (core/turn-cork.ts). */
export function corkPerTurn(socket: Socket): void {
  const s = socket as Socket & { [PATCHED]?: true };
  if (s[PATCHED]) return;
  s[PATCHED] = true;
  const write = socket.write;
  socket.write = function (this: Socket, ...args: unknown[]) {
    if (!socket.destroyed) corkForTurn(socket);
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as Socket['write'];
}
