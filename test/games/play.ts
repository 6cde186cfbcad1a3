/**
 * Drives a game module the way the engine does (SPEC §7): versioned `ctx.random`
 * (`createRandom(seed, 0)` for setup, `createRandom(seed, v)` for the step producing
 * version v), a recorded clock, room-level checks before `apply` (GAME_OVER, unknown
 * action, schema validation), and a log of accepted steps that `replay` folds again.
 *
 * It also polices purity on every step: the state handed to the module is deep-frozen (a
 * module that mutates its input throws), and every state must survive a JSON round-trip
 * unchanged.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  isRejected, type Actor, type Accepted, type GameContext, type GameEmit, type GameModule, type GamePlayer,
  type Metadata, type Outcome, type Seat,
} from '../../src/games/game-module.js';
import { createRandom } from '../../src/games/random.js';

export type Step =
  | { kind: 'action'; actor: Actor; action: string; payload: unknown; now: number }
  | { kind: 'timeout'; seat: Seat; now: number }
  | { kind: 'deadline'; now: number };

export type Reply =
  | { ok: true; version: number; result?: unknown; emits: GameEmit[] }
  | { ok: false; code: string; reason?: string | undefined; field?: string; message?: string | undefined };

export interface DriverOptions {
  seed?: string;
  players?: number;
  metadata?: Metadata;
  /** Epoch ms of the start (setup's `ctx.now`). */
  startedAt?: number;
  /** Milliseconds the clock moves before each step. */
  tick?: number;
}

export const START = Date.UTC(2026, 10, 23, 1, 0, 0);

export function makePlayers(count: number): GamePlayer[] {
  return Array.from({ length: count }, (_, seat) => ({ user_id: `user_${seat}`, name: `Player ${seat}`, seat }));
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Throws unless `value` is plain JSON that round-trips to a deep-strict-equal value. */
export function assertJson(value: unknown, what = 'state'): void {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  if (!isDeepStrictEqual(copy, value)) throw new Error(`${what} does not survive a JSON round-trip`);
}

export class GameDriver<S> {
  readonly players: GamePlayer[];
  readonly seed: string;
  readonly metadata: Metadata;
  readonly startedAt: number;
  readonly tick: number;
  readonly steps: Step[] = [];
  state: S;
  version = 0;
  now: number;

  constructor(readonly game: GameModule<S>, options: DriverOptions = {}) {
    this.players = makePlayers(options.players ?? game.minPlayers);
    this.seed = options.seed ?? 'test-seed';
    this.metadata = options.metadata ?? {};
    this.startedAt = options.startedAt ?? START;
    this.tick = options.tick ?? 1000;
    this.now = this.startedAt;
    this.state = this.setup();
  }

  user(seat: Seat): string {
    return this.players[seat].user_id;
  }

  private ctx(version: number, now: number): GameContext {
    return { players: this.players, random: createRandom(this.seed, version), now, metadata: this.metadata };
  }

  private setup(): S {
    const state = this.game.setup(this.ctx(0, this.startedAt));
    assertJson(state);
    return deepFreeze(state);
  }

  private commit(step: Step, outcome: Accepted<S>): Reply {
    assertJson(outcome.state);
    this.state = deepFreeze(outcome.state);
    this.version += 1;
    this.steps.push(step);
    return { ok: true, version: this.version, result: outcome.result, emits: outcome.emits ?? [] };
  }

  result(): unknown {
    return this.game.result(this.state);
  }

  /** `game_action` from the player in `seat`. */
  act(seat: Seat, action: string, payload: unknown = {}): Reply {
    this.now += this.tick;
    if (this.game.result(this.state) !== undefined) return { ok: false, code: 'GAME_OVER' };
    const def = this.game.actions[action];
    if (!def) return { ok: false, code: 'INVALID_MOVE', reason: 'UNKNOWN_ACTION' };
    const parsed = def.schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, code: 'VALIDATION_ERROR', field: ['payload', ...(issue?.path ?? [])].join('.') };
    }
    const actor: Actor = { user_id: this.user(seat), seat };
    const outcome: Outcome<S> = def.apply(this.state, parsed.data, actor, this.ctx(this.version + 1, this.now));
    if (isRejected(outcome)) {
      return { ok: false, code: outcome.reject, reason: outcome.reason, message: outcome.message };
    }
    return this.commit({ kind: 'action', actor, action, payload: structuredClone(payload), now: this.now }, outcome);
  }

  /** The top-level alias event `event` with `fields` (besides room_id), as the router maps it. */
  alias(seat: Seat, event: string, fields: Record<string, unknown>): Reply {
    const def = this.game.aliases?.[event];
    if (!def) throw new Error(`no alias ${event}`);
    const payload = Object.fromEntries(def.payloadKeys.filter((k) => k in fields).map((k) => [k, fields[k]]));
    return this.act(seat, def.action, payload);
  }

  /** The turn timer of `seat` ran out (only while that seat is expected to act). */
  timeout(seat: Seat): Reply {
    this.now += this.tick;
    if (this.game.result(this.state) !== undefined) return { ok: false, code: 'GAME_OVER' };
    if (!this.game.turn(this.state).includes(seat)) return { ok: false, code: 'NOT_IN_TURN' };
    if (!this.game.onTimeout) return { ok: false, code: 'NO_TIMEOUT_RULE' };
    const outcome = this.game.onTimeout(this.state, seat, this.ctx(this.version + 1, this.now));
    return this.commit({ kind: 'timeout', seat, now: this.now }, outcome);
  }

  /** Lets the clock run to the module's deadline and fires it. */
  deadline(): Reply {
    const at = this.game.deadline?.(this.state) ?? null;
    if (at === null || !this.game.onDeadline) return { ok: false, code: 'NO_DEADLINE' };
    this.now = Math.max(this.now, at);
    const outcome = this.game.onDeadline(this.state, this.ctx(this.version + 1, this.now));
    return this.commit({ kind: 'deadline', now: this.now }, outcome);
  }

  view(seat: Seat | null): any {
    const viewer = { user_id: seat === null ? 'spectator' : this.user(seat), seat };
    const view = this.game.view(this.state, viewer);
    assertJson(view, 'view');
    return view;
  }

  query(name: string, payload: unknown = {}, seat: Seat | null = 0): any {
    const def = this.game.queries?.[name];
    if (!def) throw new Error(`no query ${name}`);
    const parsed = def.schema.parse(payload);
    const viewer = { user_id: seat === null ? 'spectator' : this.user(seat), seat };
    const answer = def.run(this.state, parsed, viewer);
    if (!('data' in answer)) throw new Error(`query ${name} refused`);
    assertJson(answer.data, 'query answer');
    return answer.data;
  }

  /** Rebuilds the state from setup and the recorded steps, as the engine does from its log. */
  replay(): S {
    return replaySteps(this.game, this.steps, {
      seed: this.seed, players: this.players.length, metadata: this.metadata, startedAt: this.startedAt,
    });
  }
}

export function replaySteps<S>(game: GameModule<S>, steps: readonly Step[], options: DriverOptions): S {
  const players = makePlayers(options.players ?? game.minPlayers);
  const seed = options.seed ?? 'test-seed';
  const metadata = options.metadata ?? {};
  const ctx = (version: number, now: number): GameContext =>
    ({ players, random: createRandom(seed, version), now, metadata });
  let state = game.setup(ctx(0, options.startedAt ?? START));
  steps.forEach((step, i) => {
    const c = ctx(i + 1, step.now);
    if (step.kind === 'action') {
      const def = game.actions[step.action];
      const outcome = def.apply(state, def.schema.parse(step.payload), step.actor, c);
      if (isRejected(outcome)) throw new Error(`replayed step ${i + 1} was refused: ${outcome.reason ?? outcome.reject}`);
      state = outcome.state;
    } else if (step.kind === 'timeout') {
      state = (game.onTimeout as NonNullable<GameModule<S>['onTimeout']>)(state, step.seat, c).state;
    } else {
      state = (game.onDeadline as NonNullable<GameModule<S>['onDeadline']>)(state, c).state;
    }
  });
  return state;
}

/** Expects an accepted reply and returns it (a readable failure otherwise). */
export function ok(reply: Reply): Extract<Reply, { ok: true }> {
  if (!reply.ok) throw new Error(`expected the step to be accepted, got ${reply.code} ${reply.reason ?? ''}`);
  return reply;
}

/** Changes every nested value of a view in place: a view sharing the (frozen) state throws. */
export function scribble(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    scribble(v);
    (value as Record<string, unknown>)[key] = 'scribbled';
  }
}
