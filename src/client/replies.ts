/**
 * What the server answers to each request (the `data` of a success envelope, SPEC §4–§11),
 * and the wire shapes they are made of. Request payload types come from the zod schemas
 * of src/protocol/events.ts (`EventInput<E>`); a missing reply type fails to compile.
 */
import type { EventInput, EventName } from '../protocol/events.js';
import type { BoxScore, Lineup } from './game-views.js';
import type { IsoTime, PlayerView, Room, RoomMetadata, RoomStatus, RoomSummary } from '../protocol/room-shapes.js';

export type UserId = string;
export type RoomId = string;
export type { IsoTime, Room, RoomStatus, RoomSummary };
export type Metadata = RoomMetadata;
export type Player = PlayerView;

export interface ChatMessage {
  id: string;
  user_id: UserId;
  name: string;
  text: string;
  ts: IsoTime;
}

export interface Challenge {
  challenge_id: string;
  from_user_id: UserId;
  to_user_id: UserId;
  game_type: string;
  duration_s: number;
  message?: string;
  status: 'pending' | 'accepted' | 'declined' | 'cancelled' | 'expired';
  created_at: IsoTime;
  expires_at: IsoTime;
}

export type PresenceStatus = 'online' | 'away' | 'busy' | 'offline';

export interface Presence {
  status: PresenceStatus;
  text?: string;
  last_seen: IsoTime;
}

/** One step of a game's event log as a member may see it (`result` only for its author). */
export interface GameLogEvent {
  version: number;
  user_id: UserId | null;
  action: string;
  result?: unknown;
}

export interface Match {
  room_id: RoomId;
  game_type: string;
  players: UserId[];
  result: unknown;
  ended_at: IsoTime;
}

export interface Stats {
  connections: number;
  users_online: number;
  rooms: { waiting: number; active: number; finished: number };
  nodes: number;
}

export interface ActionReply {
  version: number;
  result?: unknown;
}

export interface GameStateReply {
  version: number;
  state: unknown;
}

export type SyncReply = { version: number; events: GameLogEvent[]; full?: undefined } | { version: number; state: unknown; full: true };

/** `data` of each built-in request's success reply. */
export interface Replies {
  refresh_token: { expires_at: IsoTime | null };
  heartbeat: { server_time: IsoTime };
  create_room: { room: Room };
  join_room: { room: Room; status: 'joined' | 'already_joined'; state?: unknown; recent_messages: ChatMessage[] };
  leave_room: { room_id: RoomId };
  get_room: { room: Room };
  get_public_rooms: { rooms: RoomSummary[] };
  list_rooms: { rooms: RoomSummary[] };
  get_user_rooms: { rooms: RoomSummary[] };
  join_random_game: { room: Room; status: 'joined' | 'created' };
  start_game: { room: Room; state: unknown };
  kick_player: { room: Room };
  close_room: { room_id: RoomId };
  update_room: { room: Room };
  set_status: Record<string, never>;
  get_presence: { presence: Record<UserId, Presence> };
  game_action: ActionReply;
  get_game_state: GameStateReply;
  sync: SyncReply;
  request_game_state: GameStateReply;
  get_match_history: { matches: Match[] };
  send_message: { message: ChatMessage };
  get_messages: { messages: ChatMessage[] };
  join_nearby: { room_id: RoomId; geohash: string; recent_messages: ChatMessage[] };
  challenge_player: { challenge: Challenge };
  respond_to_challenge: { challenge: Challenge; room?: Room };
  cancel_challenge: { challenge: Challenge };
  webrtc_offer: { delivered: true };
  webrtc_answer: { delivered: true };
  ice_candidate: { delivered: true };
  subscribe: { topic: string };
  unsubscribe: { topic: string };
}

// Compile-time check: every event of the protocol table has a reply type here.
type MissingReplies = Exclude<EventName, keyof Replies>;
const everyEventHasAReply: [MissingReplies] extends [never] ? true : MissingReplies = true;
void everyEventHasAReply;

type Move<P> = { room_id: RoomId; action_id?: string; expected_version?: number } & P;
type Position = 'P' | 'C' | '1B' | '2B' | '3B' | 'SS' | 'LF' | 'CF' | 'RF';

/**
 * The shipped modules' top-level events (SPEC §8): moves (shorthands of `game_action`,
 * so they get an `action_id` and are retried like it) and read-only queries.
 */
export interface ModuleEvents {
  submit_answer: { move: true; input: Move<{ round: number; answer: boolean }>; reply: ActionReply };
  update_challenge_score: { move: true; input: Move<{ score: number }>; reply: ActionReply };
  submit_defensive_decision: {
    move: true;
    input: Move<{
      alignment?: 'normal' | 'shifted_left' | 'shifted_right' | null;
      infield_depth?: 'in' | 'normal' | 'double_play' | null;
      outfield_depth?: 'in' | 'normal' | 'back' | null;
      hold_runners?: number[] | null;
    }>;
    reply: ActionReply;
  };
  submit_offensive_decision: {
    move: true;
    input: Move<{ approach?: 'normal' | 'contact' | 'power' | null; steal_attempts?: number[] | null; bunt_attempt?: boolean | null }>;
    reply: ActionReply;
  };
  roll_dice: { move: true; input: Move<{}>; reply: ActionReply };
  submit_manual_outcome: { move: true; input: Move<{ roll_id: string; outcome: string; hit_location?: Position | null }>; reply: ActionReply };
  request_pinch_hitter: { move: true; input: Move<{ lineup_id: number; card_id: number }>; reply: ActionReply };
  request_defensive_replacement: { move: true; input: Move<{ lineup_id: number; card_id: number; position: Position }>; reply: ActionReply };
  request_pitching_change: { move: true; input: Move<{ lineup_id: number; card_id: number }>; reply: ActionReply };
  get_lineup: { move: false; input: { room_id: RoomId; team: 'away' | 'home' }; reply: Lineup };
  get_box_score: { move: false; input: { room_id: RoomId }; reply: BoxScore };
}

/** Every request the typed client knows. */
export type RequestName = EventName | keyof ModuleEvents;
export type RequestInput<E extends RequestName> = E extends EventName ? EventInput<E> : E extends keyof ModuleEvents ? ModuleEvents[E]['input'] : never;
export type Reply<E extends RequestName> = E extends keyof Replies ? Replies[E] : E extends keyof ModuleEvents ? ModuleEvents[E]['reply'] : never;

/** Events that are moves: they get an `action_id` and are retried after a reconnect. */
export const MOVE_EVENTS: ReadonlySet<string> = new Set([
  'game_action', 'submit_answer', 'update_challenge_score', 'submit_defensive_decision', 'submit_offensive_decision',
  'roll_dice', 'submit_manual_outcome', 'request_pinch_hitter', 'request_defensive_replacement', 'request_pitching_change',
] satisfies (RequestName & string)[]);
