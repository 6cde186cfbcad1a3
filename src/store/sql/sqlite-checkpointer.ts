/**
 * WAL checkpoints off the event loop. SQLite normally checkpoints inside whichever commit
 * crosses 1000 WAL pages: that commit then copies ~4 MB into the database file and waits
 * for fsync — several, under disk contention tens of, milliseconds during which the process
 * answers nobody. Here the main connection never checkpoints (`wal_autocheckpoint = 0`);
 * a worker thread with its own connection runs a PASSIVE checkpoint (it never blocks the
 * writer) every second. If the worker cannot run, the main connection checkpoints again
 * as SQLite does by default.
 *
 * The WAL starts over from its beginning only when a write begins while every frame in it
 * has been copied. Under steady writes that never happens by itself: commits land while
 * the worker copies and syncs, so the WAL grew without end (~10 MB/s under the chat
 * bench, found in the eleventh session). So when the WAL holds 1000 frames or more after a
 * checkpoint, the worker holds the hot writes (`write`: the group commit) for a second,
 * short checkpoint of the few frames committed during the first. The event
 * loop is not blocked: a write that comes while writes are held waits for the worker's
 * word, then runs. The next write then starts the WAL over. The chat journal's bulk move
 * (sqlite-chat-journal.ts) is synchronous and not held: one landing inside a hold only
 * postpones that restart to the next checkpoint.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database as SqliteFile } from 'better-sqlite3';

const EVERY_MS = 1000;
const RESTART_FRAMES = 1000;
const STOP_WAIT_MS = 2000;
/** Slots of the flags shared with the worker: HOLD set by the worker, WRITING by the event loop. */
const HOLD = 0;
const WRITING = 1;
/** How long a held write waits for the worker's word before looking at HOLD again. */
const RECHECK_MS = 50;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const flags = workerData.flags;
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
const timer = setInterval(() => {
  try {
    // a small WAL has started over lately; a large one only copied up to where this checkpoint began
    if (checkpoint().log < workerData.restartFrames) return;
    // hold the event loop's writes, wait for one in progress (it is synchronous: short), copy the rest
    Atomics.store(flags, ${HOLD}, 1);
    try {
      const until = Date.now() + 100;
      while (Atomics.load(flags, ${WRITING}) === 1 && Date.now() < until) Atomics.wait(flags, ${WRITING}, 1, 1);
      checkpoint();
    } finally {
      Atomics.store(flags, ${HOLD}, 0);
      parentPort.postMessage('released');
    }
  } catch { /* busy: next time */ }
}, workerData.everyMs);
parentPort.on('message', (done) => {
  clearInterval(timer);
  db.close();
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
  parentPort.close();
});
`;

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private alive = true;
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));
  private released: { promise: Promise<void>; resolve: () => void } | null = null;

  /** `opts` (tests): how often to checkpoint, and from how many WAL frames on to hold writes for a restart. */
  constructor(file: SqliteFile, path: string, opts: { everyMs?: number; restartFrames?: number } = {}) {
    file.pragma('wal_autocheckpoint = 0');
    const fallBack = () => file.open && file.pragma('wal_autocheckpoint = 1000');
    const workerData = { file: path, module: createRequire(import.meta.url).resolve('better-sqlite3'), everyMs: opts.everyMs ?? EVERY_MS, restartFrames: opts.restartFrames ?? RESTART_FRAMES, flags: this.flags };
    this.worker = new Worker(WORKER, { eval: true, workerData });
    this.worker.unref();
    this.worker.on('message', () => this.release());
    this.worker.on('error', fallBack);
    this.worker.on('exit', () => {
      this.alive = false;
      Atomics.store(this.flags, HOLD, 0);
      this.release();
    });
  }

  /** Runs `write` (a synchronous transaction) at once, or, while the worker holds writes, right after it lets go. */
  async write<T>(write: () => T): Promise<T> {
    for (;;) {
      // the worker sets HOLD, then waits while WRITING is set: one of the two sees the other
      Atomics.store(this.flags, WRITING, 1);
      if (Atomics.load(this.flags, HOLD) === 0) {
        try {
          return write();
        } finally {
          Atomics.store(this.flags, WRITING, 0);
        }
      }
      Atomics.store(this.flags, WRITING, 0);
      await this.whenReleased();
    }
  }

  private whenReleased(): Promise<void> {
    if (!this.released) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.released = { promise, resolve };
      setTimeout(() => this.release(), RECHECK_MS).unref();
    }
    return this.released.promise;
  }

  private release(): void {
    const r = this.released;
    this.released = null;
    r?.resolve();
  }

  /**
   * Closes the worker's connection and waits for it (at most 2 s), so the main connection
   * closes last and SQLite checkpoints and removes the WAL as usual.
   */
  stop(): void {
    if (!this.alive) return;
    const done = new Int32Array(new SharedArrayBuffer(4));
    this.worker.postMessage(done);
    Atomics.wait(done, 0, 0, STOP_WAIT_MS);
  }
}
