/** Pure room rules: bounds, access, seats. No I/O. */
import { ParlorError, fail } from '../../core/errors.js';
import type { GameModule } from '../../games/game-module.js';
import type { Caller } from '../deps.js';
import { isAdmin } from '../deps.js';
import type { RoomRecord } from './room-record.js';

export const MAX_SPECTATORS = 100;
export const CHAT_BOUNDS = { min: 1, max: 500, defaultMax: 50 };
export const GEO_CAPACITY = 500;
/** Location chat rooms (`geo_<geohash>`, SPEC §9): the id prefix is reserved for join_nearby, and nobody owns them. */
export const GEO_PREFIX = 'geo_';

export function isGeoRoom(roomId: string): boolean {
  return roomId.startsWith(GEO_PREFIX);
}

/** Resolves max/min players for a new room against the module's bounds. */
export function playerBounds(
  module: GameModule | undefined,
  given: { max_players?: number; min_players?: number },
): { max_players: number; min_players: number } {
  const lo = module ? module.minPlayers : 2;
  const hi = module ? module.maxPlayers : CHAT_BOUNDS.max;
  const max = given.max_players ?? (module ? module.defaultMaxPlayers ?? module.maxPlayers : CHAT_BOUNDS.defaultMax);
  const min = given.min_players ?? (module ? module.defaultMinPlayers ?? module.minPlayers : CHAT_BOUNDS.min);
  if (max < lo || max > hi) throw fail.validation('max_players', `max_players must be between ${lo} and ${hi} for ${module?.type ?? 'chat'}`);
  const minLo = module ? module.minPlayers : CHAT_BOUNDS.min;
  if (min < minLo || min > hi) throw fail.validation('min_players', `min_players must be between ${minLo} and ${hi} for ${module?.type ?? 'chat'}`);
  if (min > max) throw fail.validation('min_players', 'min_players must not exceed max_players');
  return { max_players: max, min_players: min };
}

/** Checks the allow lists and bans; the owner and admins always may. */
export function checkAccess(room: RoomRecord, caller: Caller): void {
  if (room.owner_id === caller.id || isAdmin(caller)) return;
  if (room.banned.includes(caller.id)) throw fail.forbidden('You were removed from this room');
  if (room.allowed_users && room.allowed_users.length && !room.allowed_users.includes(caller.id)) {
    const roleOk = room.allowed_roles?.some((r) => caller.roles.includes(r)) ?? false;
    if (!roleOk) throw fail.forbidden('You are not allowed in this room');
  } else if (room.allowed_roles && room.allowed_roles.length && !room.allowed_roles.some((r) => caller.roles.includes(r))) {
    throw fail.forbidden('You are not allowed in this room');
  }
}

export function ensureOpen(room: RoomRecord): void {
  if (room.status === 'closed') throw fail.closed();
}

export function ensureOwner(room: RoomRecord, caller: Caller): void {
  // whoever arrived first must not lock, kick from or close everyone's location room
  if (isGeoRoom(room.room_id)) throw fail.forbidden('Location rooms have no owner');
  if (room.owner_id !== caller.id) throw fail.forbidden('Only the room owner may do this');
}

/** The lowest free seat number. */
export function freeSeat(room: RoomRecord): number {
  const taken = new Set(room.players.map((p) => p.seat));
  let seat = 0;
  while (taken.has(seat)) seat++;
  return seat;
}

export function ensureSeatAvailable(room: RoomRecord): void {
  if (room.players.length >= room.max_players) throw new ParlorError('ROOM_FULL', 'No player seat left');
}

/** The member who inherits the room when the owner leaves: the longest-seated player, else the longest spectator. */
export function nextOwner(room: RoomRecord): string | null {
  const byAge = <T extends { joined_at: number }>(xs: T[]) => [...xs].sort((a, b) => a.joined_at - b.joined_at)[0];
  return byAge(room.players)?.user_id ?? byAge(room.spectators)?.user_id ?? null;
}

/** Visible in listings: public and not closed. */
export function isListed(room: RoomRecord): boolean {
  return room.permission === 'public' && room.status !== 'closed';
}

/** Only the owner's private rooms' members, or anyone for public rooms, may see the room. */
export function canSee(room: RoomRecord, caller: Caller | null): boolean {
  if (room.permission === 'public') return true;
  if (!caller) return false;
  if (isAdmin(caller)) return true;
  return room.players.some((p) => p.user_id === caller.id) || room.spectators.some((s) => s.user_id === caller.id);
}
