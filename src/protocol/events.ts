/**
 * The client→server event table: every request's payload schema and rate class.
 * One table used by the router (validation, rate limits), the SDK (types) and
 * docs/PROTOCOL.md, so they cannot drift. Game modules add their alias and query
 * events at start-up (see transport/game-events.ts).
 */
import { z } from 'zod';
import { LIMITS, fieldDocs, id, int, metadata, obj, opt, text } from './fields.js';

export type RateClass = 'room' | 'chat' | 'game' | 'signal' | 'other';

const roomId = id();
const roomIdField = obj({ room_id: roomId });
const empty = obj({});
const signalBody = z
  .union([z.string().max(16 * 1024), z.record(z.string(), z.unknown())])
  .register(fieldDocs, { type: 'string or object (the whole payload ≤ 16 KiB)' });
const sdpSignal = obj({ room_id: roomId, to_user_id: id(), sdp: signalBody });
const candidateSignal = obj({ room_id: roomId, to_user_id: id(), candidate: signalBody });

export const events = {
  // identity
  refresh_token: { rate: 'other', schema: obj({ token: z.string().min(1).max(LIMITS.token) }) },
  heartbeat: { rate: 'other', schema: empty },

  // rooms (SPEC §5)
  create_room: {
    rate: 'room',
    schema: obj({
      game_type: id(),
      permission: opt(z.enum(['public', 'private'])),
      password: opt(text(1, LIMITS.password)),
      max_players: opt(int(1, 500)),
      min_players: opt(int(1, 500)),
      allowed_users: opt(z.array(id()).max(100)),
      allowed_roles: opt(z.array(id()).max(20)),
      turn_time_limit_s: opt(int(1, 86_400)),
      auto_start: opt(z.boolean()),
      metadata: opt(metadata),
      room_id: opt(z.string().trim().regex(/^[a-zA-Z0-9_-]{3,64}$/, 'room_id must match ^[a-zA-Z0-9_-]{3,64}$')),
    }),
  },
  join_room: {
    rate: 'room',
    schema: obj({ room_id: roomId, password: opt(text(0, LIMITS.password)), as: opt(z.enum(['player', 'spectator'])) }),
  },
  leave_room: { rate: 'room', schema: roomIdField },
  get_room: { rate: 'other', schema: roomIdField },
  get_public_rooms: {
    rate: 'other',
    schema: obj({ game_type: opt(id()), has_space: opt(z.boolean()), include_active: opt(z.boolean()), limit: opt(int(1, 200)) }),
  },
  list_rooms: { rate: 'other', schema: empty },
  get_user_rooms: { rate: 'other', schema: empty },
  join_random_game: { rate: 'room', schema: obj({ game_type: id(), metadata: opt(metadata) }) },
  start_game: { rate: 'room', schema: roomIdField },
  kick_player: { rate: 'room', schema: obj({ room_id: roomId, user_id: id() }) },
  close_room: { rate: 'room', schema: roomIdField },
  update_room: {
    rate: 'room',
    schema: obj({
      room_id: roomId,
      metadata: opt(metadata),
      permission: opt(z.enum(['public', 'private'])),
      password: opt(text(0, LIMITS.password)),
    }),
  },

  // presence (SPEC §6)
  set_status: { rate: 'other', schema: obj({ status: z.enum(['online', 'away', 'busy']), text: opt(text(0, LIMITS.status)) }) },
  get_presence: { rate: 'other', schema: obj({ user_ids: z.array(id()).min(1).max(100) }) },

  // games (SPEC §7)
  game_action: {
    rate: 'game',
    schema: obj({
      room_id: roomId,
      action: text(1, LIMITS.action),
      payload: opt(z.record(z.string(), z.unknown())),
      action_id: opt(id()),
      expected_version: opt(int(0, Number.MAX_SAFE_INTEGER)),
    }),
  },
  get_game_state: { rate: 'game', schema: roomIdField },
  sync: { rate: 'game', schema: obj({ room_id: roomId, since_version: int(0, Number.MAX_SAFE_INTEGER) }) },
  request_game_state: { rate: 'game', schema: roomIdField },
  get_match_history: { rate: 'other', schema: obj({ limit: opt(int(1, 100)) }) },

  // chat (SPEC §9)
  send_message: { rate: 'chat', schema: obj({ room_id: roomId, text: text(1, LIMITS.chat), client_msg_id: opt(id()) }) },
  get_messages: { rate: 'other', schema: obj({ room_id: roomId, before_id: opt(id()), limit: opt(int(1, 200)) }) },
  join_nearby: { rate: 'room', schema: obj({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }) },

  // challenges (SPEC §10)
  challenge_player: {
    rate: 'room',
    schema: obj({
      target_user_id: id(),
      game_type: opt(id()),
      duration_s: opt(int(30, 3600)),
      message: opt(text(0, LIMITS.challengeMessage)),
    }),
  },
  respond_to_challenge: { rate: 'room', schema: obj({ challenge_id: id(), accept: z.boolean() }) },
  cancel_challenge: { rate: 'room', schema: obj({ challenge_id: id() }) },

  // signalling and feeds (SPEC §11)
  webrtc_offer: { rate: 'signal', schema: sdpSignal },
  webrtc_answer: { rate: 'signal', schema: sdpSignal },
  ice_candidate: { rate: 'signal', schema: candidateSignal },
  subscribe: { rate: 'other', schema: obj({ topic: text(1, LIMITS.topic) }) },
  unsubscribe: { rate: 'other', schema: obj({ topic: text(1, LIMITS.topic) }) },
} satisfies Record<string, { rate: RateClass; schema: z.ZodType }>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['schema']>;
export type EventInput<E extends EventName> = z.input<(typeof events)[E]['schema']>;
