/**
 * The game module API. A module is a pure, deterministic definition of one game:
 * no I/O, no clock, no Math.random — time and randomness come in through `GameContext`.
 * Nothing in this folder imports from the rest of the server.
 *
 * @example
 * export const coinFlip = defineGame({
 *   type: 'coin_flip', minPlayers: 2, maxPlayers: 2,
 *   setup: (ctx) => ({ players: ctx.players.map((p) => p.user_id), winner: null as string | null }),
 *   actions: {
 *     flip: action(z.object({}).strict(), (s, _p, actor, ctx) =>
 *       ({ state: { ...s, winner: s.players[ctx.random() < 0.5 ? 0 : 1] } })),
 *   },
 *   view: (s) => s,
 *   turn: (s) => (s.winner ? [] : [0]),
 *   result: (s) => (s.winner ? { winner: s.winner } : undefined),
 * });
 */
import type { z } from 'zod';

export type UserId = string;
export type Seat = number;

/** A seated player as the module sees it. */
export interface GamePlayer {
  user_id: UserId;
  name: string;
  seat: Seat;
}

export type Metadata = Record<string, string | number | boolean>;

/** What a module gets besides the state: everything that is not pure comes through here. */
export interface GameContext {
  /** Seated players ordered by seat. */
  players: readonly GamePlayer[];
  /** Deterministic PRNG in [0, 1): seeded by the server per room and per version, so a replay of the log is exact. */
  random: () => number;
  /** Server time of this step, epoch milliseconds (recorded in the event log, so replays see the same value). */
  now: number;
  /** The room's metadata (validated at creation by `metadata` below). */
  metadata: Readonly<Metadata>;
}

/** Who looks at the state: a seated player, or a spectator (`seat: null`). */
export interface Viewer {
  user_id: UserId;
  seat: Seat | null;
}

/** The acting player. */
export interface Actor {
  user_id: UserId;
  seat: Seat;
}

/** A broadcast a module asks for besides `game_state` (e.g. `dice_rolled`). Sent to every member, after `game_state`. */
export interface GameEmit {
  event: string;
  data: Record<string, unknown>;
}

/** An accepted step. `result` is returned to the actor (in the ack) and logged. */
export interface Accepted<S> {
  state: S;
  result?: unknown;
  emits?: GameEmit[];
}

/** Codes a module may refuse with. Rule violations are data, not exceptions. */
export type RejectCode = 'INVALID_MOVE' | 'NOT_YOUR_TURN' | 'FORBIDDEN' | 'GAME_OVER';

/** A refused step. For INVALID_MOVE, `reason` is the module's own code (e.g. `CELL_TAKEN`). */
export interface Rejected {
  reject: RejectCode;
  reason?: string;
  message?: string;
}

export type Outcome<S> = Accepted<S> | Rejected;

export function isRejected<S>(o: Outcome<S>): o is Rejected {
  return (o as Rejected).reject !== undefined;
}

/** Shorthand for an INVALID_MOVE refusal. */
export function invalid(reason: string, message?: string): Rejected {
  return { reject: 'INVALID_MOVE', reason, message: message ?? reason };
}

export interface ActionDef<S, P> {
  /** zod schema of the payload (use `.strict()` objects: unknown fields are rejected). */
  schema: z.ZodType<P>;
  apply(state: S, payload: P, actor: Actor, ctx: GameContext): Outcome<S>;
}

export interface QueryDef<S, P> {
  schema: z.ZodType<P>;
  /** A read-only question about the state (e.g. baseball's `get_lineup`), answered for `viewer`. */
  run(state: S, payload: P, viewer: Viewer): Outcome<S> | { data: unknown };
}

/**
 * A top-level event that is a shorthand for an action: `roll_dice {room_id}` ≡
 * `game_action {room_id, action:"roll_dice"}`. `payloadKeys` are moved from the event's
 * payload (besides room_id) into the action payload.
 */
export interface AliasDef {
  action: string;
  payloadKeys: readonly string[];
}

export interface GameModule<S = any> {
  /** The `game_type` name (≤ 64 chars, `[a-z0-9_]`). */
  type: string;
  /** Player bounds; `max_players`/`min_players` of a room must stay inside them. */
  minPlayers: number;
  maxPlayers: number;
  /** Defaults when the creator gives none (default: minPlayers / maxPlayers). */
  defaultMinPlayers?: number;
  defaultMaxPlayers?: number;
  /** Schemas for the metadata keys this module reads; checked at room creation. */
  metadata?: Record<string, z.ZodType<string | number | boolean>>;
  setup(ctx: GameContext): S;
  actions: Record<string, ActionDef<S, any>>;
  /** What `viewer` may see. Must hide whatever the viewer may not know. */
  view(state: S, viewer: Viewer): unknown;
  /** Seats that are expected to act now (the turn timer runs for them); empty when nobody must act. */
  turn(state: S): Seat[];
  /** Turn timer expired for `seat` (room has `turn_time_limit_s`). Default: nothing happens. */
  onTimeout?(state: S, seat: Seat, ctx: GameContext): Accepted<S>;
  /** A game-clock deadline (epoch ms) independent of turns, e.g. score_challenge's end. */
  deadline?(state: S): number | null;
  /** Called once the deadline passed. */
  onDeadline?(state: S, ctx: GameContext): Accepted<S>;
  /** The final result once the game is over, else undefined. */
  result(state: S): unknown | undefined;
  aliases?: Record<string, AliasDef>;
  queries?: Record<string, QueryDef<S, any>>;
}

/** Identity helper that keeps the state type flowing through the definition. */
export function defineGame<S>(module: GameModule<S>): GameModule<S> {
  return module;
}

/** Identity helper that infers the payload type from the schema. */
export function action<S, P>(schema: z.ZodType<P>, apply: ActionDef<S, P>['apply']): ActionDef<S, P> {
  return { schema, apply };
}
