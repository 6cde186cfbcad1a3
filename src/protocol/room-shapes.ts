/**
 * The room shapes on the wire (SPEC §5): what the server's views build and what the SDK's
 * reply types promise, declared once. Types only.
 */

/** ISO 8601 UTC, e.g. `2026-11-23T01:02:03.456Z`. */
export type IsoTime = string;
export type RoomStatus = 'waiting' | 'active' | 'finished' | 'closed';
export type Permission = 'public' | 'private';
export type RoomMetadata = Record<string, string | number | boolean>;

export interface PlayerView {
  user_id: string;
  name: string;
  seat: number;
  online: boolean;
  joined_at: IsoTime;
}

interface RoomBase {
  room_id: string;
  game_type: string;
  owner_id: string;
  permission: Permission;
  has_password: boolean;
  max_players: number;
  min_players: number;
  spectators: number;
  status: RoomStatus;
  turn_time_limit_s: number | null;
  auto_start: boolean;
  metadata: RoomMetadata;
  created_at: IsoTime;
  /** The game version (0 until the first accepted action). */
  version: number;
}

/** A room as members and `get_room` see it. */
export interface Room extends RoomBase {
  players: PlayerView[];
}

/** A room in listings. */
export interface RoomSummary extends RoomBase {
  player_count: number;
}
