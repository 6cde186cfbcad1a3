/**
 * The SQLite chat journal (src/store/sql/sqlite-chat-journal.ts): a message is answered
 * once its line is written to the journal, every read of the table sees it, a crash
 * leaves nothing answered behind (the next start moves the journal in, drops a line cut
 * short, skips lines already moved), and a failed write leaves no trace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqlStores } from '../../src/store/sql/sql-stores.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-journal-'));
  dirs.push(dir);
  return dir;
}

const msg = (room_id: string, text: string, client_msg_id: string | null = null) => ({ room_id, user_id: 'u1', name: 'Ann', text, ts: 1_700_000_000_000, client_msg_id });
const journalOf = (dir: string) => path.join(dir, 'parlor.chat-journal');
const tableRows = (dir: string) => fs.existsSync(journalOf(dir)) && fs.readFileSync(journalOf(dir), 'utf8');

describe('SQLite chat journal', () => {
  it('answers from the journal, and every read sees the messages before they are moved into the table', async () => {
    const dir = tempDir();
    const s = await openSqlStores({ dataDir: dir, databaseUrl: null });
    const sent = await Promise.all(['a', 'b', 'c'].map((t) => s.chat.append(msg('room-1', t))));
    expect(sent.map((r) => Number(r.message.id))).toEqual([1, 2, 3]);
    // written to the journal, not yet moved
    expect(tableRows(dir)).toContain('"room-1"');
    const page = await s.chat.page('room-1', { limit: 10 });
    expect(page.map((m) => m.text)).toEqual(['a', 'b', 'c']);
    // the read moved them: the journal is empty
    expect(fs.readFileSync(journalOf(dir), 'utf8')).toBe('');
    expect((await s.chat.page('room-1', { beforeId: '3', limit: 10 })).map((m) => m.text)).toEqual(['a', 'b']);
    await s.chat.append(msg('room-1', 'd'));
    expect(await s.chat.lastActivity('room-1')).toBe(1_700_000_000_000);
    await s.db.destroy();
    expect(fs.existsSync(journalOf(dir))).toBe(false);
  });

  it('moves the journal into the table by itself, soon after the messages were sent', async () => {
    const dir = tempDir();
    const s = await openSqlStores({ dataDir: dir, databaseUrl: null });
    await s.chat.append(msg('room-1', 'a'));
    expect(fs.readFileSync(journalOf(dir), 'utf8')).not.toBe('');
    await vi.waitFor(() => expect(fs.readFileSync(journalOf(dir), 'utf8')).toBe(''), { timeout: 2000, interval: 20 });
    await s.db.destroy();
  });

  it('takes a client_msg_id once per user and room: in one batch, while journaled, and once moved', async () => {
    const dir = tempDir();
    const s = await openSqlStores({ dataDir: dir, databaseUrl: null });
    const [first, again] = await Promise.all([s.chat.append(msg('room-1', 'one', 'cm-1')), s.chat.append(msg('room-1', 'two', 'cm-1'))]);
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ message: first.message, duplicate: true });
    expect((await s.chat.append(msg('room-1', 'three', 'cm-1'))).message.id).toBe(first.message.id);
    // another room, or no id: a new message
    expect((await s.chat.append(msg('room-2', 'four', 'cm-1'))).duplicate).toBe(false);
    expect((await s.chat.append(msg('room-1', 'five'))).duplicate).toBe(false);
    expect((await s.chat.page('room-1', { limit: 10 })).map((m) => m.text)).toEqual(['one', 'five']);
    await s.db.destroy();
  });

  it('leaves no trace of a batch whose write failed: no seq used, nothing pending', async () => {
    const dir = tempDir();
    const s = await openSqlStores({ dataDir: dir, databaseUrl: null });
    await s.chat.append(msg('room-1', 'a', 'cm-a'));
    const write = vi.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    });
    await expect(s.chat.append(msg('room-1', 'b', 'cm-b'))).rejects.toThrow('no space left');
    write.mockRestore();
    const c = await s.chat.append(msg('room-1', 'c', 'cm-b'));
    expect(c).toMatchObject({ duplicate: false, message: { id: '2', text: 'c' } });
    expect((await s.chat.page('room-1', { limit: 10 })).map((m) => [m.id, m.text])).toEqual([
      ['1', 'a'],
      ['2', 'c'],
    ]);
    await s.db.destroy();
  });

  it('after a crash, moves in the whole lines left in the journal, drops a line cut short and skips lines already moved', async () => {
    const dir = tempDir();
    const s = await openSqlStores({ dataDir: dir, databaseUrl: null });
    await s.chat.append(msg('room-1', 'moved before the crash'));
    await s.chat.page('room-1', { limit: 1 });
    const ids = await Promise.all([s.chat.append(msg('room-1', 'x')), s.chat.append(msg('room-1', 'y'))]);
    expect(ids.map((r) => r.message.id)).toEqual(['2', '3']);
    // what kill -9 leaves at this moment: the files as they are (the database, its WAL, the journal)
    const crashed = tempDir();
    for (const f of fs.readdirSync(dir)) if (!f.endsWith('-shm')) fs.copyFileSync(path.join(dir, f), path.join(crashed, f));
    await s.db.destroy();
    expect(fs.readFileSync(journalOf(crashed), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    // and what a crash could also leave: a line already moved (a crash between moving and emptying), a damaged line, and a line cut short
    fs.appendFileSync(journalOf(crashed), '[1,"room-1","u1","Ann","moved before the crash",1,null]\n{"not":"a message"}\n[4,"room-1","u1","Ann","cut sh');

    const again = await openSqlStores({ dataDir: crashed, databaseUrl: null });
    expect((await again.chat.page('room-1', { limit: 10 })).map((m) => [m.id, m.text])).toEqual([
      ['1', 'moved before the crash'],
      ['2', 'x'],
      ['3', 'y'],
    ]);
    // the next message continues after the last one kept
    expect((await again.chat.append(msg('room-1', 'z'))).message.id).toBe('4');
    await again.db.destroy();
  });
});
