/**
 * The stored shape of a room: what the live store keeps and what every room rule reads.
 * Clients never see this directly (see room-view.ts): it holds the password hash,
 * the allow lists, the game seed and state.
 */
import type { RoomId, UserId } from '../../core/ids.js';
import type { Metadata } from '../../protocol/fields.js';
import { cloneJson } from '../../core/clone-json.js';
import type { Permission, RoomStatus } from '../../protocol/room-shapes.js';

export type CloseReason = 'closed' | 'expired' | 'empty';

export interface SeatRecord {
  user_id: UserId;
  name: string;
  seat: number;
  joined_at: number;
}

export interface SpectatorRecord {
  user_id: UserId;
  name: string;
  joined_at: number;
}

export interface GameRecord {
  /** Crypto-random seed drawn at start; with the log it replays the game exactly. */
  seed: string;
  started_at: number;
  state: unknown;
  /** Set when the module reports the game over. */
  result?: unknown;
  ended_at?: number;
  /** The turn timer currently armed: for whom and since which version. */
  turn?: { seats: number[]; version: number; due_at: number } | null;
}

export interface RoomRecord {
  room_id: RoomId;
  game_type: string;
  owner_id: UserId;
  permission: Permission;
  /** scrypt hash `salt:hash` (hex), or null. */
  password_hash: string | null;
  max_players: number;
  min_players: number;
  allowed_users: UserId[] | null;
  allowed_roles: string[] | null;
  players: SeatRecord[];
  spectators: SpectatorRecord[];
  /** Users kicked by the owner: they may not come back (owner/admins excepted). */
  banned: UserId[];
  status: RoomStatus;
  turn_time_limit_s: number | null;
  auto_start: boolean;
  metadata: Metadata;
  created_at: number;
  /** Game version: 0 until the first accepted action. */
  version: number;
  /** Internal write counter for compare-and-set; bumps on every stored change. */
  rev: number;
  last_activity: number;
  /** When an auto-start is scheduled (epoch ms). */
  starts_at: number | null;
  game: GameRecord | null;
  closed_reason: CloseReason | null;
  closed_at: number | null;
}

export function isMember(room: RoomRecord, userId: UserId): boolean {
  return room.players.some((p) => p.user_id === userId) || room.spectators.some((s) => s.user_id === userId);
}

export function seatOf(room: RoomRecord, userId: UserId): SeatRecord | undefined {
  return room.players.find((p) => p.user_id === userId);
}

export function memberIds(room: RoomRecord): UserId[] {
  return [...room.players.map((p) => p.user_id), ...room.spectators.map((s) => s.user_id)];
}

/** A copy safe to change: everything but the game state, which modules never mutate. */
export function cloneRoom(room: RoomRecord): RoomRecord {
  const state = room.game?.state;
  const copy = cloneJson({ ...room, game: room.game ? { ...room.game, state: null as unknown } : null });
  if (copy.game) copy.game.state = state;
  return copy;
}
