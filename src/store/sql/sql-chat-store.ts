import type { Db } from './schema.js';
import type { ChatMessage, ChatStore } from '../ports.js';

export type MessageRow = { seq: number | string; room_id: string; user_id: string; name: string; text: string; ts: number | string; client_msg_id: string | null };

export type NewMessage = Omit<ChatMessage, 'id'>;

/**
 * Stores one message, durably before it answers: the new `seq`, or null when the message's
 * client_msg_id was already used by that user in that room (nothing stored). One per engine,
 * each group-committing the messages sent at the same time: sqlite-chat-journal.ts,
 * pg-message-insert.ts.
 */
export type InsertMessage = (m: NewMessage) => Promise<number | null>;

function toMessage(r: MessageRow): ChatMessage {
  return { id: String(r.seq), room_id: r.room_id, user_id: r.user_id, name: r.name, text: r.text, ts: Number(r.ts), client_msg_id: r.client_msg_id };
}

/**
 * An engine's own reads: a room's newest messages, newest first, as a prepared statement
 * (every join reads them), and on SQLite the journal's `settle`, run before every read.
 */
export interface ChatReads {
  recent(roomId: string, limit: number): MessageRow[] | Promise<MessageRow[]>;
  settle?(): void;
}

export class SqlChatStore implements ChatStore {
  constructor(
    private readonly db: Db,
    private readonly insert: InsertMessage,
    private readonly reads: ChatReads,
  ) {}

  async append(msg: NewMessage): Promise<{ message: ChatMessage; duplicate: boolean }> {
    const seq = await this.insert(msg);
    if (seq === null) {
      // this client_msg_id was used before (maybe earlier in the same commit): answer with the first one
      const first = await this.byClientId(msg.room_id, msg.user_id, msg.client_msg_id!);
      return { message: first!, duplicate: true };
    }
    return { message: { ...msg, id: String(seq) }, duplicate: false };
  }

  private async byClientId(roomId: string, userId: string, clientMsgId: string): Promise<ChatMessage | null> {
    this.reads.settle?.();
    const r = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('user_id', '=', userId)
      .where('client_msg_id', '=', clientMsgId)
      .executeTakeFirst();
    return r ? toMessage(r) : null;
  }

  async page(roomId: string, opts: { beforeId?: string; limit: number }): Promise<ChatMessage[]> {
    this.reads.settle?.();
    if (opts.beforeId === undefined) return (await this.reads.recent(roomId, opts.limit)).reverse().map(toMessage);
    const before = Number(opts.beforeId);
    if (!Number.isSafeInteger(before)) return [];
    const rows = await this.db.selectFrom('messages').selectAll().where('room_id', '=', roomId).where('seq', '<', before).orderBy('seq', 'desc').limit(opts.limit).execute();
    return rows.reverse().map(toMessage);
  }

  async lastActivity(roomId: string): Promise<number | null> {
    this.reads.settle?.();
    const r = await this.db.selectFrom('messages').select('ts').where('room_id', '=', roomId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r ? Number(r.ts) : null;
  }
}
