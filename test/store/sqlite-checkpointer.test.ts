/**
 * The WAL checkpointer (src/store/sql/sqlite-checkpointer.ts) keeps the WAL from growing
 * without end under writes that never pause: it holds the group commit for a moment so a
 * checkpoint can copy every frame, and the next write starts the WAL over. Without the
 * hold the WAL of this test grows to ~20 MB; with it, it stays near 1 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCheckpointer } from '../../src/store/sql/sqlite-checkpointer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('SqliteCheckpointer', () => {
  it('lets the WAL start over under writes that never pause, holding them only briefly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-ckpt-'));
    dirs.push(dir);
    const filePath = path.join(dir, 'x.sqlite');
    const file = new Database(filePath);
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    file.exec('create table t (k integer primary key, v text)');
    const checkpointer = new SqliteCheckpointer(file, filePath, { everyMs: 50, restartFrames: 200 });
    const put = file.prepare('insert or replace into t (k, v) values (?, ?)');
    const commit = file.transaction((n: number) => {
      for (let i = 0; i < 8; i++) put.run((n * 8 + i) % 50_000, 'x'.repeat(200));
    });
    // a commit of ~8 pages every millisecond or so for 2.5 s
    const until = Date.now() + 2500;
    let n = 0;
    let slowest = 0;
    while (Date.now() < until) {
      const t0 = performance.now();
      await checkpointer.write(() => commit(n++));
      slowest = Math.max(slowest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 1));
    }
    const walBytes = fs.statSync(`${filePath}-wal`).size;
    checkpointer.stop();
    file.close();
    // written: n commits of several 4 KiB frames each, far more than the WAL holds
    expect(n).toBeGreaterThan(1000);
    expect(walBytes).toBeLessThan(6 * 1024 * 1024);
    // a held write waits for a short checkpoint, not for long
    expect(slowest).toBeLessThan(1000);
  });
});
