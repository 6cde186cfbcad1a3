/**
 * Migrations of an existing SQLite file: a database written by an earlier Parlor opens
 * with its data intact. 004 rebuilds `messages` without AUTOINCREMENT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlStores } from '../../src/store/sql/sql-stores.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A data directory whose messages table is as migrations 001–003 left it, with `n` messages in room r1. */
async function databaseBefore004(n: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-mig-'));
  dirs.push(dir);
  await (await openSqlStores({ dataDir: dir, databaseUrl: null })).db.destroy();
  const file = new Database(path.join(dir, 'parlor.sqlite'));
  file.exec(`
    drop table messages;
    create table messages (seq integer primary key autoincrement, room_id text not null, user_id text not null, name text not null, text text not null, ts integer not null, client_msg_id text);
    create index messages_room_seq on messages (room_id, seq);
    create unique index messages_client_id on messages (room_id, user_id, client_msg_id) where client_msg_id is not null;
    delete from parlor_migrations where name = '004_messages_without_autoincrement';
  `);
  const insert = file.prepare('insert into messages (room_id, user_id, name, text, ts, client_msg_id) values (?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= n; i++) insert.run('r1', 'u1', 'U', `m${i}`, 1000 + i, i === 2 ? 'c2' : null);
  file.close();
  return dir;
}

describe('SQLite migration 004 (messages without AUTOINCREMENT)', () => {
  it('keeps every message, its id and its client_msg_id, and numbers new messages after the last', async () => {
    const dir = await databaseBefore004(5);
    const stores = await openSqlStores({ dataDir: dir, databaseUrl: null });
    try {
      const page = await stores.chat.page('r1', { limit: 50 });
      expect(page.map((m) => [m.id, m.text])).toEqual([1, 2, 3, 4, 5].map((i) => [String(i), `m${i}`]));
      const next = await stores.chat.append({ room_id: 'r1', user_id: 'u2', name: 'V', text: 'after', ts: 2000, client_msg_id: null });
      expect(next).toMatchObject({ duplicate: false, message: { id: '6' } });
      // the idempotency index came back with the table
      const again = await stores.chat.append({ room_id: 'r1', user_id: 'u1', name: 'U', text: 'm2 again', ts: 2001, client_msg_id: 'c2' });
      expect(again).toMatchObject({ duplicate: true, message: { id: '2', text: 'm2' } });
      expect((await stores.chat.page('r1', { beforeId: '3', limit: 50 })).map((m) => m.id)).toEqual(['1', '2']);
    } finally {
      await stores.db.destroy();
    }
    const file = new Database(path.join(dir, 'parlor.sqlite'), { readonly: true });
    try {
      const schema = file.prepare("select name, sql from sqlite_master where tbl_name = 'messages' order by name").all() as { name: string; sql: string }[];
      expect(schema.map((r) => r.name)).toEqual(['messages', 'messages_client_id', 'messages_room_seq']);
      expect(schema[0]!.sql).not.toMatch(/autoincrement/i);
      expect(file.prepare("select count(*) as n from sqlite_sequence where name = 'messages'").get()).toEqual({ n: 0 });
    } finally {
      file.close();
    }
  });

  it('gives a new database the same table', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-mig-'));
    dirs.push(dir);
    const stores = await openSqlStores({ dataDir: dir, databaseUrl: null });
    const first = await stores.chat.append({ room_id: 'r1', user_id: 'u1', name: 'U', text: 'hi', ts: 1, client_msg_id: null });
    await stores.db.destroy();
    expect(first.message.id).toBe('1');
    const file = new Database(path.join(dir, 'parlor.sqlite'), { readonly: true });
    expect((file.prepare("select sql from sqlite_master where name = 'messages'").get() as { sql: string }).sql).not.toMatch(/autoincrement/i);
    file.close();
  });
});
