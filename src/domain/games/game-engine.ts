/**
 * Pure engine steps over a room record: build a module's context, apply one step to a
 * draft (state, version, log event, end of game), and compute views. No I/O.
 */
import { ParlorError } from '../../core/errors.js';
import { createRandom } from '../../games/random.js';
import { isRejected, type Accepted, type GameContext, type GameEmit, type GameModule, type Outcome, type Viewer } from '../../games/game-module.js';
import type { GameEvent } from '../../store/ports.js';
import type { RoomRecord } from '../rooms/room-record.js';

export function gameContext(room: RoomRecord, version: number, now: number): GameContext {
  return {
    players: [...room.players].sort((a, b) => a.seat - b.seat).map((p) => ({ user_id: p.user_id, name: p.name, seat: p.seat })),
    random: createRandom(room.game!.seed, version),
    now,
    metadata: room.metadata,
  };
}

export interface StepInput {
  user_id: string | null;
  action: string;
  payload: unknown;
  action_id: string | null;
  now: number;
}

export interface StepOutput {
  event: GameEvent;
  result?: unknown;
  emits: GameEmit[];
  /** The game result when this step ended the game. */
  over?: { result: unknown };
}

/** Turns a module refusal into the SPEC error. */
export function rejection(o: Outcome<unknown>): ParlorError | null {
  if (!isRejected(o)) return null;
  const message = o.message ?? (o.reject === 'INVALID_MOVE' ? `Invalid move${o.reason ? `: ${o.reason}` : ''}` : o.reject.replace(/_/g, ' ').toLowerCase());
  return new ParlorError(o.reject, message, o.reason ? { reason: o.reason } : {});
}

/** Applies an accepted outcome to `draft` (state, version, activity, end) and returns the log step. */
export function commitStep(module: GameModule, draft: RoomRecord, input: StepInput, accepted: Accepted<unknown>): StepOutput {
  const game = draft.game!;
  const version = draft.version + 1;
  game.state = accepted.state;
  draft.version = version;
  draft.last_activity = input.now;
  const event: GameEvent = {
    room_id: draft.room_id,
    version,
    user_id: input.user_id,
    action: input.action,
    payload: input.payload ?? {},
    ...(accepted.result !== undefined ? { result: accepted.result } : {}),
    action_id: input.action_id,
    ts: input.now,
  };
  const result = module.result(accepted.state);
  const out: StepOutput = { event, emits: accepted.emits ?? [], ...(accepted.result !== undefined ? { result: accepted.result } : {}) };
  if (result !== undefined) {
    draft.status = 'finished';
    game.result = result;
    game.ended_at = input.now;
    out.over = { result };
  }
  return out;
}

/** What `viewer` sees of the room's game state. */
export function viewOf(module: GameModule, room: RoomRecord, viewer: Viewer): unknown {
  return module.view(room.game!.state, viewer);
}

/** What `userId` (a player, or anyone else as a spectator) sees of the game in `room`. */
export function viewFor(module: GameModule, room: RoomRecord, userId: string): unknown {
  return viewOf(module, room, viewerIn(room, userId));
}

export function viewerIn(room: RoomRecord, userId: string): Viewer {
  const seat = room.players.find((p) => p.user_id === userId)?.seat;
  return { user_id: userId, seat: seat ?? null };
}

/**
 * An event as a member may see it: the step's `result` is shown to the member who made it
 * only (a result may carry what the others' views hide); payloads are never shown.
 */
export function eventFor(e: GameEvent, viewerId: string): { version: number; user_id: string | null; action: string; result?: unknown; ts: string } {
  return {
    version: e.version,
    user_id: e.user_id,
    action: e.action,
    ...(e.result !== undefined && e.user_id === viewerId ? { result: e.result } : {}),
    ts: new Date(e.ts).toISOString(),
  };
}
