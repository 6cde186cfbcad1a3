/**
 * WAL checkpoints off the event loop. SQLite normally checkpoints inside whichever commit
 * crosses 1000 WAL pages: that commit then copies ~4 MB into the database file and waits
 * for fsync — several, under disk contention tens of, milliseconds during which the process
 * answers nobody. Here the main connection never checkpoints (`wal_autocheckpoint = 0`);
 * a worker thread with its own connection runs a PASSIVE checkpoint (it never blocks the
 * writer) every second. If the worker cannot run, the main connection checkpoints again
 * as SQLite does by default.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database as SqliteFile } from 'better-sqlite3';

const EVERY_MS = 1000;
const STOP_WAIT_MS = 2000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
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

  constructor(file: SqliteFile, path: string) {
    file.pragma('wal_autocheckpoint = 0');
    const fallBack = () => file.open && file.pragma('wal_autocheckpoint = 1000');
    this.worker = new Worker(WORKER, { eval: true, workerData: { file: path, module: createRequire(import.meta.url).resolve('better-sqlite3'), everyMs: EVERY_MS } });
    this.worker.unref();
    this.worker.on('error', fallBack);
    this.worker.on('exit', () => void (this.alive = false));
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
