/**
 * The authoritative game engine (SPEC §7): one state per game room, steps applied one at a
 * time per room, state and log written before anyone hears of it, per-viewer views on
 * every path, idempotent action ids, expected versions, turn timers and deadlines.
 */
import { randomBytes } from 'node:crypto';
import { ParlorError, fail } from '../../core/errors.js';
import { sameJson } from '../../core/same-json.js';
import type { Accepted, ActionDef, GameModule } from '../../games/game-module.js';
import type { GameEvent } from '../../store/ports.js';
import type { Caller, Deps } from '../deps.js';
import type { RoomRecord } from '../rooms/room-record.js';
import { isMember, seatOf } from '../rooms/room-record.js';
import { ensureOwner } from '../rooms/room-rules.js';
import type { UpdateTx } from '../rooms/room-repo.js';
import type { RoomService } from '../rooms/room-service.js';
import type { Room } from '../rooms/room-view.js';
import { commitStep, gameContext, rejection, viewFor, viewOf, type StepInput, type StepOutput } from './game-engine.js';
import { validationError } from '../../protocol/validation.js';

export const gameTimerKeys = {
  turn: (roomId: string) => `turn:${roomId}`,
  deadline: (roomId: string) => `deadline:${roomId}`,
  autostart: (roomId: string) => `autostart:${roomId}`,
};

/** What a move's sender is answered. */
export interface Reply {
  version: number;
  result?: unknown;
}

/** The reply of a stored move. */
function replyOf(event: GameEvent): Reply {
  return { version: event.version, ...(event.result !== undefined ? { result: event.result } : {}) };
}

export interface ActionInput {
  room_id: string;
  action: string;
  payload?: Record<string, unknown>;
  action_id?: string;
  expected_version?: number;
}

export class GameService {
  constructor(
    private readonly d: Deps,
    private readonly rooms: RoomService,
  ) {}

  private module(room: RoomRecord): GameModule {
    return this.d.games.ofRoom(room);
  }

  async start(caller: Caller, roomId: string): Promise<{ room: Room; state: unknown }> {
    const room = await this.d.repo.require(roomId);
    if (room.status === 'closed') throw fail.closed();
    if (!isMember(room, caller.id)) throw room.permission === 'private' ? fail.notFound('Room') : fail.notInRoom();
    ensureOwner(room, caller);
    this.module(room);
    if (room.status !== 'waiting') throw fail.conflict('The game has already started');
    if (room.players.length < room.min_players) throw fail.conflict(`Needs at least ${room.min_players} players to start`);
    // a start leaves the players as they are: their presence is read while it is stored
    const [started, presence] = await Promise.all([this.startNow(roomId, room), this.rooms.presenceOf(room.players.map((p) => p.user_id))]);
    if (!started) throw fail.conflict('The game has already started');
    return { room: await this.rooms.view(started, presence), state: viewFor(this.module(started), started, caller.id) };
  }

  /** Starts the game if the room is still waiting with enough players; null otherwise. `seen`: the room as just read. */
  async startNow(roomId: string, seen?: RoomRecord): Promise<RoomRecord | null> {
    const now = this.d.clock.now();
    const { room, changed } = await this.d.repo.update(roomId, (draft, tx) => {
      if (draft.status !== 'waiting' || draft.players.length < draft.min_players) return tx.skip();
      const module = this.module(draft);
      draft.status = 'active';
      draft.starts_at = null;
      draft.version = 0;
      draft.last_activity = now;
      draft.game = { seed: randomBytes(16).toString('hex'), started_at: now, state: null };
      draft.game.state = module.setup(gameContext(draft, 0, now));
    }, seen);
    if (!changed) return null;
    // only an auto_start room may have an automatic start pending
    if (room.auto_start) await this.d.stores.scheduler.cancel(gameTimerKeys.autostart(roomId));
    this.d.pusher.toRoom(roomId, 'game_started', { room_id: roomId, version: room.version });
    this.broadcastState(room, null);
    await this.armTimers(room);
    if (room.permission === 'public') this.d.bus.emit('lobby_changed');
    this.d.bus.emit('game_changed', room);
    return room;
  }

  /** A move. `fieldPrefix` is where payload fields are reported (`payload`, or none for alias events). */
  async action(caller: Caller, input: ActionInput, fieldPrefix = 'payload'): Promise<Reply> {
    const now = this.d.clock.now();
    // Cluster mode: first on the node's copy of the room, without reading it (room-repo.ts, updateOnCopy).
    const onCopy = await this.d.repo.updateOnCopy(input.room_id, (draft, tx) => {
      this.guard(draft, caller);
      return this.move(draft, tx, caller, input, this.parseMove(draft, input, fieldPrefix), now);
    }, input.action_id ? { user_id: caller.id, action_id: input.action_id } : null);
    if (onCopy) {
      if ('reply' in onCopy) return replyOf(onCopy.reply);
      await this.afterStep(onCopy.room, onCopy.value.step);
      return onCopy.value.reply;
    }
    // A retry of a stored action (say the winning move, whose ack was lost) gets its first reply, also once the game is over.
    // The room and that reply are read at once: in cluster mode one round trip to Redis instead of two.
    const [room, retried] = await Promise.all([
      this.d.repo.require(input.room_id),
      input.action_id ? this.firstReply(input.room_id, caller.id, input.action_id) : null,
    ]);
    if (retried) return retried;
    this.guard(room, caller);
    const parsed = this.parseMove(room, input, fieldPrefix);
    const { room: after, value } = await this.d.repo.update(input.room_id, async (draft, tx) => {
      // looked up above for this rev; a room changed since may hold the same action (a retry on another node)
      const first = input.action_id && draft.rev !== room.rev ? await this.firstReply(draft.room_id, caller.id, input.action_id) : null;
      if (first) {
        tx.skip();
        return { step: null, reply: first };
      }
      this.guard(draft, caller);
      return this.move(draft, tx, caller, input, parsed, now);
    }, room);
    if (value.step) await this.afterStep(after, value.step);
    return value.reply;
  }

  /** The module's action and its payload, checked (throws INVALID_MOVE or a validation error). */
  private parseMove(room: RoomRecord, input: ActionInput, fieldPrefix: string): { def: ActionDef<unknown, unknown>; payload: unknown } {
    const def = this.module(room).actions[input.action];
    if (!def) throw new ParlorError('INVALID_MOVE', `Unknown action "${input.action}"`, { reason: 'UNKNOWN_ACTION' });
    const parsed = def.schema.safeParse(input.payload ?? {});
    if (!parsed.success) throw validationError(parsed.error, fieldPrefix);
    return { def, payload: parsed.data };
  }

  /** Applies a checked move to `draft` (a guarded room) and logs it in `tx`; throws the refusal. */
  private move(draft: RoomRecord, tx: UpdateTx, caller: Caller, input: ActionInput, { def, payload }: { def: ActionDef<unknown, unknown>; payload: unknown }, now: number): { step: StepOutput; reply: Reply } {
    if (input.expected_version !== undefined && input.expected_version !== draft.version) {
      throw new ParlorError('STALE_STATE', `The game is at version ${draft.version}`);
    }
    const module = this.module(draft);
    const seat = seatOf(draft, caller.id)!.seat;
    const outcome = def.apply(draft.game!.state, payload, { user_id: caller.id, seat }, gameContext(draft, draft.version + 1, now));
    const refused = rejection(outcome);
    if (refused) throw refused;
    const stepInput: StepInput = { user_id: caller.id, action: input.action, payload, action_id: input.action_id ?? null, now };
    const step = commitStep(module, draft, stepInput, outcome as Accepted<unknown>);
    tx.events.push(step.event);
    return { step, reply: { version: step.event.version, ...(step.result !== undefined ? { result: step.result } : {}) } };
  }

  /** The reply to the caller's earlier action with this `action_id`, if there was one. */
  private async firstReply(roomId: string, userId: string, actionId: string): Promise<Reply | null> {
    const first = await this.d.stores.events.byActionId(roomId, userId, actionId);
    return first ? replyOf(first) : null;
  }

  /** Member, player, started, not over: the checks every move passes first. */
  private guard(room: RoomRecord, caller: Caller): void {
    if (room.status === 'closed') throw fail.closed();
    if (!isMember(room, caller.id)) throw room.permission === 'private' ? fail.notFound('Room') : fail.notInRoom();
    if (!seatOf(room, caller.id)) throw fail.forbidden('Spectators cannot make moves');
    if (room.status === 'waiting' || !room.game) throw new ParlorError('GAME_NOT_STARTED', 'The game has not started');
    if (room.status === 'finished') throw new ParlorError('GAME_OVER', 'The game is over');
  }

  /** After a stored step: views to every member, the module's emits, the end of the game, timers. */
  private async afterStep(room: RoomRecord, step: StepOutput): Promise<void> {
    this.broadcastState(room, step);
    for (const e of step.emits) this.d.pusher.toRoom(room.room_id, e.event, { room_id: room.room_id, ...e.data });
    if (step.over) await this.finish(room, step.over.result);
    else await this.armTimers(room);
    this.d.bus.emit('game_changed', room);
  }

  /**
   * `game_state` with each member's own view, encoded once per distinct view: players who
   * see the same (every tictactoe player) share one push; spectators share one view.
   */
  private broadcastState(room: RoomRecord, step: StepOutput | null): void {
    const module = this.module(room);
    const pushes: { users: string[]; data: unknown }[] = [];
    for (const p of room.players) {
      const last = step ? { user_id: step.event.user_id, action: step.event.action, ...(step.result !== undefined && step.event.user_id === p.user_id ? { result: step.result } : {}) } : null;
      const data = { room_id: room.room_id, version: room.version, state: viewOf(module, room, { user_id: p.user_id, seat: p.seat }), last_action: last };
      const same = pushes.find((push) => sameJson(push.data, data));
      if (same) same.users.push(p.user_id);
      else pushes.push({ users: [p.user_id], data });
    }
    for (const push of pushes) this.d.pusher.toUsers(push.users, 'game_state', push.data);
    if (room.spectators.length) {
      const last = step ? { user_id: step.event.user_id, action: step.event.action } : null;
      this.d.pusher.toSpectators(room.room_id, 'game_state', { room_id: room.room_id, version: room.version, state: viewOf(module, room, { user_id: '', seat: null }), last_action: last });
    }
  }

  private async finish(room: RoomRecord, result: unknown): Promise<void> {
    const players = [...room.players].sort((a, b) => a.seat - b.seat).map((p) => p.user_id);
    await this.d.stores.matches.record({ room_id: room.room_id, game_type: room.game_type, players, result, ended_at: room.game?.ended_at ?? this.d.clock.now() });
    // (cancel only the timers this room can have: each cancel is a durable write)
    if (room.turn_time_limit_s) await this.d.stores.scheduler.cancel(gameTimerKeys.turn(room.room_id));
    if (this.module(room).deadline) await this.d.stores.scheduler.cancel(gameTimerKeys.deadline(room.room_id));
    this.d.pusher.toRoom(room.room_id, 'game_over', { room_id: room.room_id, result });
    if (room.permission === 'public') this.d.bus.emit('lobby_changed');
    this.d.hooks.emit('game_over', { room_id: room.room_id, game_type: room.game_type, players, result });
  }

  /** Turn timer for the seats expected to act, and the module's deadline. */
  private async armTimers(room: RoomRecord): Promise<void> {
    const module = this.module(room);
    const s = this.d.stores.scheduler;
    if (room.turn_time_limit_s) {
      const seats = module.turn(room.game!.state);
      if (seats.length) await s.schedule({ key: gameTimerKeys.turn(room.room_id), kind: 'turn_timeout', due_at: this.d.clock.now() + room.turn_time_limit_s * 1000, data: { room_id: room.room_id, version: room.version } });
      else await s.cancel(gameTimerKeys.turn(room.room_id));
    }
    const deadline = module.deadline?.(room.game!.state) ?? null;
    if (deadline !== null && room.version === 0) await s.schedule({ key: gameTimerKeys.deadline(room.room_id), kind: 'game_deadline', due_at: deadline, data: { room_id: room.room_id } });
  }

  /** A server step (timeout, deadline, forfeit) on the current state. */
  private async serverStep(roomId: string, input: Omit<StepInput, 'now' | 'action_id'>, produce: (module: GameModule, draft: RoomRecord, now: number) => Accepted<unknown> | null): Promise<RoomRecord | null> {
    const now = this.d.clock.now();
    const { room, value: step } = await this.d.repo.update(roomId, (draft, tx) => {
      if (draft.status !== 'active' || !draft.game) return tx.skip();
      const module = this.module(draft);
      const accepted = produce(module, draft, now);
      if (!accepted) return tx.skip();
      const step = commitStep(module, draft, { ...input, action_id: null, now }, accepted);
      tx.events.push(step.event);
      return step;
    });
    if (!step) return null;
    await this.afterStep(room, step);
    return room;
  }

  async onTurnTimer(roomId: string, version: number): Promise<void> {
    const room = await this.d.repo.get(roomId);
    if (!room || room.status !== 'active' || room.version !== version || !room.game) return;
    const module = this.module(room);
    // Every player who ran out of time hears of it, also when the first timeout ends the game.
    const late = module.turn(room.game.state).flatMap((seat) => room.players.filter((p) => p.seat === seat));
    for (const p of late) this.d.pusher.toRoom(roomId, 'turn_timeout', { room_id: roomId, user_id: p.user_id });
    if (!module.onTimeout) return;
    for (const { user_id, seat } of late) {
      const after = await this.serverStep(roomId, { user_id, action: '$timeout', payload: { seat } }, (m, draft, now) =>
        draft.version === version ? m.onTimeout!(draft.game!.state, seat, gameContext(draft, draft.version + 1, now)) : null,
      );
      if (!after || after.status !== 'active') return;
      version = after.version;
    }
  }

  async onDeadline(roomId: string): Promise<void> {
    await this.serverStep(roomId, { user_id: null, action: '$deadline', payload: {} }, (m, draft, now) => {
      const due = m.deadline?.(draft.game!.state) ?? null;
      if (!m.onDeadline || due === null || due > now) return null;
      return m.onDeadline(draft.game!.state, gameContext(draft, draft.version + 1, now));
    });
  }

  /** A player leaving an active game forfeits by the module's timeout rule. */
  async forfeit(room: RoomRecord, userId: string): Promise<void> {
    const seat = seatOf(room, userId)?.seat;
    if (seat === undefined) return;
    await this.serverStep(room.room_id, { user_id: userId, action: '$forfeit', payload: { seat } }, (m, draft, now) =>
      m.onTimeout ? m.onTimeout(draft.game!.state, seat, gameContext(draft, draft.version + 1, now)) : null,
    );
  }

  /** A module's top-level alias event (e.g. `roll_dice {room_id}`), resolved by the room's game. */
  async alias(caller: Caller, event: string, input: { room_id: string; action_id?: string; expected_version?: number } & Record<string, unknown>): Promise<Reply> {
    const { room_id, action_id, expected_version, ...payload } = input;
    const room = await this.d.repo.require(room_id);
    const def = this.d.games.get(room.game_type)?.aliases?.[event];
    if (!def) {
      this.guard(room, caller);
      throw new ParlorError('INVALID_MOVE', `${event} is not a move of ${room.game_type}`, { reason: 'UNKNOWN_ACTION' });
    }
    return this.action(caller, { room_id, action: def.action, payload, ...(action_id ? { action_id } : {}), ...(expected_version !== undefined ? { expected_version } : {}) }, '');
  }

  /** After a restart: results of finished games are recorded (idempotent), timers are data already. */
  async recover(): Promise<void> {
    for (const room of await this.d.repo.listOpen()) {
      if (room.status === 'finished' && room.game?.result !== undefined) {
        await this.d.stores.matches.record({ room_id: room.room_id, game_type: room.game_type, players: room.players.map((p) => p.user_id), result: room.game.result, ended_at: room.game.ended_at ?? room.last_activity });
      }
    }
  }
}
