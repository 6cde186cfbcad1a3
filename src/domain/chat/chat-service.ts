/** Room chat and location chat (SPEC §9). History lives in the SQL chat store. */
import ngeohash from 'ngeohash';
import { fail } from '../../core/errors.js';
import { iso } from '../../core/time.js';
import type { ChatMessage } from '../../store/ports.js';
import type { Caller, Deps } from '../deps.js';
import { isMember } from '../rooms/room-record.js';
import type { MembershipService } from '../rooms/membership-service.js';
import { GEO_CAPACITY, GEO_PREFIX, isGeoRoom } from '../rooms/room-rules.js';
import type { RoomService } from '../rooms/room-service.js';

export interface MessageView {
  id: string;
  user_id: string;
  name: string;
  text: string;
  ts: string;
}

export const RECENT_MESSAGES = 20;
const GEO_PRECISION = 7;

export function messageView(m: ChatMessage): MessageView {
  return { id: m.id, user_id: m.user_id, name: m.name, text: m.text, ts: iso(m.ts) };
}

export class ChatService {
  constructor(
    private readonly d: Deps,
    private readonly rooms: RoomService,
    private readonly members: MembershipService,
  ) {}

  async send(caller: Caller, input: { room_id: string; text: string; client_msg_id?: string }): Promise<MessageView> {
    const room = await this.d.repo.require(input.room_id);
    if (room.status === 'closed') throw fail.closed();
    if (!isMember(room, caller.id)) throw fail.notInRoom();
    const { message, duplicate } = await this.d.stores.chat.append({
      room_id: room.room_id,
      user_id: caller.id,
      name: caller.name,
      text: input.text,
      ts: this.d.clock.now(),
      client_msg_id: input.client_msg_id ?? null,
    });
    const view = messageView(message);
    if (!duplicate) this.d.pusher.toRoom(room.room_id, 'new_message', { room_id: room.room_id, message: view });
    return view;
  }

  async history(caller: Caller, input: { room_id: string; before_id?: string; limit?: number }): Promise<MessageView[]> {
    const room = await this.d.repo.require(input.room_id);
    if (!isMember(room, caller.id)) throw fail.notInRoom();
    const page = await this.d.stores.chat.page(room.room_id, { beforeId: input.before_id, limit: input.limit ?? 50 });
    return page.map(messageView);
  }

  async recent(roomId: string): Promise<MessageView[]> {
    return (await this.d.stores.chat.page(roomId, { limit: RECENT_MESSAGES })).map(messageView);
  }

  /** Joins the caller to the chat room of their ≈150 m cell, leaving their previous one. */
  async joinNearby(caller: Caller, input: { lat: number; lng: number }): Promise<{ room_id: string; geohash: string; recent_messages: MessageView[] }> {
    const geohash = ngeohash.encode(input.lat, input.lng, GEO_PRECISION);
    const roomId = `${GEO_PREFIX}${geohash}`;
    await this.ensureGeoRoom(caller, roomId);
    for (const other of await this.d.repo.roomsOf(caller.id)) {
      if (other !== roomId && isGeoRoom(other)) await this.members.remove(other, caller.id, 'left');
    }
    const joined = await this.members.join(caller, { room_id: roomId }, (room) => this.recent(room.room_id));
    return { room_id: roomId, geohash, recent_messages: joined.read };
  }

  /** Geo rooms are created on demand, and re-opened when an earlier one was closed. */
  private async ensureGeoRoom(caller: Caller, roomId: string): Promise<void> {
    const existing = await this.d.repo.get(roomId);
    if (existing && existing.status !== 'closed') return;
    const fresh = await this.rooms.build(caller, { game_type: 'chat', room_id: roomId, max_players: GEO_CAPACITY }, { players: [] });
    if (!existing) {
      try {
        await this.rooms.insert(fresh);
      } catch (e) {
        if ((e as { code?: string }).code !== 'CONFLICT') throw e;
      }
      return;
    }
    await this.d.repo.update(roomId, (draft, tx) => {
      if (draft.status !== 'closed') return tx.skip();
      Object.assign(draft, { ...fresh, rev: draft.rev });
    });
    await this.d.stores.scheduler.schedule({ key: `idle:${roomId}`, kind: 'room_idle', due_at: fresh.created_at + this.d.config.roomIdleTtlS * 1000, data: { room_id: roomId } });
  }
}
