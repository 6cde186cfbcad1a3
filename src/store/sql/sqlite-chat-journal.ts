/**
 * Chat messages on SQLite are made durable in an append-only journal file first and moved
 * into the `messages` table in bulk a moment later. The messages sent in the same moment
 * are written to the journal with one `write(2)`, and each sender hears back only after
 * that write returned: the message is then in the operating system's page cache and
 * survives a crash of the process (`kill -9`) — the durability SQLite's WAL gives with
 * `synchronous = NORMAL`, which Parlor uses; neither survives a power loss unsynced.
 *
 * Why not the table at once: a message row lands in the table's last page, but its entry
 * in the (room_id, seq) index lands in its room's page, so a commit of a few messages from
 * different rooms writes a page per room to the WAL, two `pwrite(2)` each, plus the file
 * locks of a transaction: about 16 µs of CPU per message, the largest single cost of a chat
 * send (docs/PERFORMANCE.md, change 42). Moved in bulk, every 250 ms or 512 messages, a
 * room's page is written once for all its messages of that moment.
 *
 * Until moved, messages are held here (`pending`). Every read of the table first moves
 * them (`settle`, synchronous), so readers never see the table without them. A message's
 * `seq` is handed out here (the table's largest + 1, kept in memory): one process owns a
 * DATA_DIR. After the move the journal is emptied; at start, whatever a crash left in it
 * is moved into the table (a line cut short by the crash was never answered, and is
 * dropped; lines already in the table are skipped).
 */
import fs from 'node:fs';
import type { Database as SqliteFile, Statement } from 'better-sqlite3';
import { GroupCommit } from '../../core/group-commit.js';
import type { NewMessage } from './sql-chat-store.js';

/** One journal line: the message's columns, in this order, as a JSON array. */
type Line = [seq: number, room_id: string, user_id: string, name: string, text: string, ts: number, client_msg_id: string | null];

const SETTLE_EVERY_MS = 250;
const SETTLE_AT = 512;

export class SqliteChatJournal {
  private fd: number;
  private size: number;
  private seq: number;
  /** In the journal, not yet in the table, in seq order. */
  private pending: Line[] = [];
  /** `room \n user \n client_msg_id` of the pending messages that carry one. */
  private readonly pendingIds = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly appends: GroupCommit<NewMessage, number | null>;
  private closed = false;
  private readonly usedId: Statement;
  private readonly moveAll: (lines: Line[]) => void;
  private readonly moveAgain: (lines: Line[]) => void;

  /** Opens (creating) the journal at `path` beside `file`, and first moves into the table what an earlier process left in it. */
  constructor(
    private readonly file: SqliteFile,
    private readonly path: string,
  ) {
    const columns = 'messages (seq, room_id, user_id, name, text, ts, client_msg_id) values (?, ?, ?, ?, ?, ?, ?)';
    const put = file.prepare(`insert into ${columns}`);
    // at start, a crash may have come between a move and emptying the journal
    const putAgain = file.prepare(`insert or ignore into ${columns}`);
    this.usedId = file.prepare('select 1 from messages where room_id = ? and user_id = ? and client_msg_id = ?').pluck();
    this.moveAll = file.transaction((lines: Line[]) => {
      for (const l of lines) put.run(l);
    });
    this.moveAgain = file.transaction((lines: Line[]) => {
      for (const l of lines) putAgain.run(l);
    });
    this.recover();
    this.fd = fs.openSync(path, 'a');
    this.size = 0;
    this.seq = (file.prepare('select max(seq) from messages').pluck().get() as number | null) ?? 0;
    this.appends = new GroupCommit(async (messages) => this.write(messages));
  }

  /** Journals `m`: its new seq once written, or null when its client_msg_id was used before in that room by that user (nothing written). */
  insert(m: NewMessage): Promise<number | null> {
    return this.appends.add(m);
  }

  /** Moves the journaled messages into the table (at once, synchronously). Called before every read of the table. */
  settle(): void {
    if (!this.pending.length || this.closed) return;
    // a Kysely transaction open on the file (only the migrations, at start) is left alone
    if (this.file.inTransaction) return this.arm();
    this.moveAll(this.pending);
    this.pending = [];
    this.pendingIds.clear();
    fs.ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  /** Moves what is journaled into the table and removes the journal (a clean shutdown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.settle();
    this.closed = true;
    fs.closeSync(this.fd);
    if (!this.pending.length) fs.rmSync(this.path, { force: true });
  }

  /** One batch: a seq for each new message, one write for all of them; on a failed write nothing of the batch remains. */
  private write(messages: NewMessage[]): (number | null)[] {
    const firstSeq = this.seq;
    const before = this.pending.length;
    const ids: string[] = [];
    let text = '';
    const out = messages.map((m) => {
      if (m.client_msg_id !== null) {
        const id = `${m.room_id}\n${m.user_id}\n${m.client_msg_id}`;
        if (this.pendingIds.has(id) || this.usedId.get(m.room_id, m.user_id, m.client_msg_id) !== undefined) return null;
        this.pendingIds.add(id);
        ids.push(id);
      }
      const line: Line = [++this.seq, m.room_id, m.user_id, m.name, m.text, m.ts, m.client_msg_id];
      this.pending.push(line);
      text += JSON.stringify(line) + '\n';
      return line[0];
    });
    try {
      if (text) this.append(text);
    } catch (err) {
      this.seq = firstSeq;
      this.pending.length = before;
      for (const id of ids) this.pendingIds.delete(id);
      throw err;
    }
    if (this.pending.length >= SETTLE_AT) setImmediate(() => this.settleQuietly());
    else if (this.pending.length) this.arm();
    return out;
  }

  /** Appends `text` whole, or (on an error part-way) cuts the journal back to where it was and throws. */
  private append(text: string): void {
    const bytes = Buffer.from(text);
    let done = 0;
    try {
      while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (err) {
      if (done) fs.ftruncateSync(this.fd, this.size);
      throw err;
    }
    this.size += bytes.length;
  }

  private arm(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.settleQuietly();
    }, SETTLE_EVERY_MS).unref();
  }

  /** A settle nobody waits for: a failure is reported, and the messages stay journaled and pending for the next try. */
  private settleQuietly(): void {
    try {
      this.settle();
    } catch (err) {
      process.emitWarning(err as Error);
      this.arm();
    }
  }

  /** Moves into the table the whole lines an earlier process left in the journal, then empties it. */
  private recover(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    const lines: Line[] = [];
    for (const raw of whole.split('\n')) {
      if (!raw) continue;
      let line: unknown;
      try {
        line = JSON.parse(raw);
      } catch {
        /* reported below */
      }
      if (Array.isArray(line) && line.length === 7 && Number.isSafeInteger(line[0])) lines.push(line as Line);
      else process.emitWarning(`chat journal ${this.path}: skipped an unreadable line`);
    }
    this.moveAgain(lines);
    fs.truncateSync(this.path, 0);
  }
}
