/**
 * Events the server pushes (SPEC §3–§11) and the SDK's own local events, one typed map
 * for `client.on(name, fn)`.
 */
import type { ErrorBody } from '../core/errors.js';
import type { ParlorClientError } from './client-error.js';
import type { ChshDashboard, DiceRolled, PlayResolved, PlayerSubstituted } from './game-views.js';
import type {
  Challenge, ChatMessage, GameLogEvent, IsoTime, Player, PresenceStatus, Room, RoomId, RoomSummary, Stats, SyncReply, UserId,
} from './replies.js';

export interface Connected {
  user_id: UserId;
  name: string;
  roles: string[];
  server_time: IsoTime;
  rooms: RoomId[];
  pending_challenges: Challenge[];
}

export interface GameStatePush {
  room_id: RoomId;
  version: number;
  /** The receiving member's own view (see game-views.ts for the shipped games). */
  state: unknown;
  last_action: { user_id: UserId | null; action: string; result?: unknown } | null;
}

type Signal = { room_id: RoomId; from_user_id: UserId; to_user_id: UserId };

/** Server → client events. */
export interface PushEvents {
  connected: Connected;
  user_joined_rooms: { rooms: RoomId[] };
  player_joined: { room_id: RoomId; player: Player };
  player_left: { room_id: RoomId; user_id: UserId; reason: 'left' | 'kicked' | 'disconnected' };
  room_updated: { room: Room };
  room_closed: { room_id: RoomId; reason: 'closed' | 'expired' | 'empty' };
  owner_changed: { room_id: RoomId; owner_id: UserId };
  game_starting: { room_id: RoomId; starts_at: IsoTime };
  game_started: { room_id: RoomId; version: number };
  game_state: GameStatePush;
  game_over: { room_id: RoomId; result: unknown };
  turn_timeout: { room_id: RoomId; user_id: UserId };
  presence_changed: { user_id: UserId; status: PresenceStatus; text?: string };
  new_message: { room_id: RoomId; message: ChatMessage };
  user_joined: { room_id: RoomId; user_id: UserId; name: string };
  challenge_received: { challenge: Challenge };
  challenge_accepted: { challenge: Challenge; room: Room };
  challenge_declined: { challenge: Challenge };
  challenge_cancelled: { challenge: Challenge };
  challenge_expired: { challenge: Challenge };
  webrtc_offer: Signal & { sdp: unknown };
  webrtc_answer: Signal & { sdp: unknown };
  ice_candidate: Signal & { candidate: unknown };
  lobby_update: { rooms: RoomSummary[] };
  stats_update: Stats;
  chsh_dashboard: ChshDashboard;
  dice_rolled: DiceRolled & { room_id: RoomId };
  play_resolved: PlayResolved & { room_id: RoomId };
  player_substituted: PlayerSubstituted & { room_id: RoomId };
  server_shutdown: { reconnect_after_ms: number };
  /** A failure pushed without a request (e.g. `AUTH_EXPIRED` before the disconnect). */
  error: ErrorBody & { event?: string };
}

/** `disconnected`: dropped with no automatic reconnect (refused token, server kicked the socket); `closed`: by `close()`. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'closed';

/** The outcome of re-syncing one room after a reconnect. */
export type Resync =
  | {
      room_id: RoomId;
      /** The version the client had seen before the connection dropped. */
      since_version: number;
      ok: true;
      version: number;
      /** The log steps missed (absent when the server answered with the full state). */
      events?: GameLogEvent[];
      /** The caller's view now; absent only when nothing was missed. */
      state?: unknown;
      reply: SyncReply;
    }
  | { room_id: RoomId; since_version: number; ok: false; error: ParlorClientError };

/** Events the SDK itself emits. */
export interface LocalEvents {
  /** The connection changed: `reconnecting` after a drop, `connected` once `connected` arrived. */
  connection: { status: ConnectionStatus; reason?: string };
  /** One room re-synced after a reconnect. */
  resynced: Resync;
}

export type ClientEvents = PushEvents & LocalEvents;
