/**
 * What the client knows about its rooms, for re-syncing after a reconnect: membership (as
 * the server last said), the last game version seen per room, and which rooms are chat
 * rooms (no game to sync). Fed from pushes and replies by ParlorClient.
 */
import { MOVE_EVENTS, type Room, type RoomId } from './replies.js';

export class RoomTracker {
  private readonly versions = new Map<RoomId, number>();
  private readonly chatRooms = new Set<RoomId>();
  private memberOf = new Set<RoomId>();

  rooms(): RoomId[] {
    return [...this.memberOf];
  }

  versionOf(roomId: RoomId): number | undefined {
    return this.versions.get(roomId);
  }

  setMembership(rooms: RoomId[]): void {
    this.memberOf = new Set(rooms);
  }

  /** Rooms worth a `sync` after a reconnect: every room we were in that is not a chat room. */
  gameRooms(): RoomId[] {
    return this.rooms().filter((r) => !this.chatRooms.has(r));
  }

  /** Versions only grow: an older one arriving late changes nothing. */
  noteVersion(roomId: unknown, version: unknown): void {
    if (typeof roomId !== 'string' || typeof version !== 'number') return;
    if (version >= (this.versions.get(roomId) ?? -1)) this.versions.set(roomId, version);
  }

  noteRoom(room: Room | undefined): void {
    if (room?.game_type === 'chat') this.chatRooms.add(room.room_id);
  }

  /** Pushes that carry a version or a room. */
  notePush(event: string, data: any): void {
    if (event === 'user_joined_rooms') this.setMembership(data.rooms);
    else if (event === 'game_state' || event === 'game_started') this.noteVersion(data.room_id, data.version);
    else if (event === 'room_updated' || event === 'challenge_accepted') this.noteRoom(data.room);
  }

  /**
   * Replies that carry a version the caller has the state of (a sync with only log events
   * does not: its state is fetched next), or a room.
   */
  noteReply(event: string, payload: Record<string, unknown> | undefined, data: any): void {
    if (data?.room) this.noteRoom(data.room);
    if (event === 'join_nearby' && typeof data?.room_id === 'string') this.chatRooms.add(data.room_id);
    const roomId = payload?.room_id;
    if (MOVE_EVENTS.has(event) || event === 'get_game_state' || event === 'request_game_state' || (event === 'sync' && data?.full)) this.noteVersion(roomId, data?.version);
    else if ((event === 'join_room' && data?.state !== undefined) || event === 'start_game') this.noteVersion(data?.room?.room_id, data?.room?.version);
  }
}
