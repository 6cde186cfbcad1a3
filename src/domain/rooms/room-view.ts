/** What clients see of a room (SPEC §5): never the password hash, allow lists or game internals. */
import { iso } from '../../core/time.js';
import type { PlayerView, Room, RoomSummary } from '../../protocol/room-shapes.js';
import type { RoomRecord } from './room-record.js';

export type { PlayerView, Room, RoomSummary };

function base(r: RoomRecord): Omit<RoomSummary, 'player_count'> {
  return {
    room_id: r.room_id,
    game_type: r.game_type,
    owner_id: r.owner_id,
    permission: r.permission,
    has_password: r.password_hash !== null,
    max_players: r.max_players,
    min_players: r.min_players,
    spectators: r.spectators.length,
    status: r.status,
    turn_time_limit_s: r.turn_time_limit_s,
    auto_start: r.auto_start,
    metadata: r.metadata,
    created_at: iso(r.created_at),
    version: r.version,
  };
}

export function roomView(r: RoomRecord, online: (userId: string) => boolean): Room {
  return {
    ...base(r),
    players: [...r.players]
      .sort((a, b) => a.seat - b.seat)
      .map((p) => ({ user_id: p.user_id, name: p.name, seat: p.seat, online: online(p.user_id), joined_at: iso(p.joined_at) })),
  };
}

export function roomSummary(r: RoomRecord): RoomSummary {
  return { ...base(r), player_count: r.players.length };
}
