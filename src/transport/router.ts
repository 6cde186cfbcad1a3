/**
 * The one place where the reply rules of SPEC §4 live: look the event up, rate-limit,
 * validate, run the handler, and answer through the ack (envelope) or, without one, as
 * `<event>_success` / `error`. Handlers return data or throw a ParlorError.
 */
import type { Socket } from 'socket.io';
import { ParlorError, toParlorError, type ErrorBody } from '../core/errors.js';
import type { Log } from '../domain/deps.js';
import type { RateLimits } from './rate-limits.js';
import type { Metrics } from './metrics.js';
import type { RequestContext, Route } from './route.js';
import { parse } from '../protocol/validation.js';
import { requestEnded, requestStarted } from './direct-write.js';

type Ack = (reply: unknown) => void;

/** The fields of the one line written per request (at `info`). */
export interface RequestLine {
  event: string;
  user_id: string;
  room_id?: string;
  outcome: string;
  duration_ms: number;
}

/** The room a reply is about when the request named none (create_room, join_random_game, join_nearby), for the log line. */
function roomOf(data: unknown): string | undefined {
  const d = data as { room_id?: unknown; room?: { room_id?: unknown } } | null;
  const id = d?.room_id ?? d?.room?.room_id;
  return typeof id === 'string' ? id : undefined;
}

export class Router {
  constructor(
    private readonly routes: ReadonlyMap<string, Route>,
    private readonly deps: { limits: RateLimits; metrics: Metrics; log: Log; request: (line: RequestLine) => void },
  ) {}

  has(event: string): boolean {
    return this.routes.has(event);
  }

  events(): string[] {
    return [...this.routes.keys()];
  }

  /** Handles one incoming event of `socket`. Never throws. */
  async dispatch(socket: Socket, ctx: RequestContext, event: string, args: unknown[]): Promise<void> {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as Ack) : null;
    const route = this.routes.get(event);
    const label = route ? event : 'unknown';
    const t0 = performance.now();
    let outcome = 'ok';
    let roomId: string | undefined;
    requestStarted(socket.client);
    try {
      if (!route) throw new ParlorError('UNKNOWN_EVENT', `Unknown event "${String(event).slice(0, 64)}"`);
      await this.deps.limits.check(socket, ctx.caller.id, route.rate);
      const given = ack ? args.length - 1 : args.length;
      const payload = given === 0 || args[0] === undefined || args[0] === null ? {} : args[0];
      if (given > 1) throw new ParlorError('VALIDATION_ERROR', 'Send one payload object');
      const input = parse(route.schema, payload);
      roomId = typeof (input as { room_id?: unknown }).room_id === 'string' ? (input as { room_id: string }).room_id : undefined;
      const data = (await route.handler(ctx, input)) ?? {};
      roomId ??= roomOf(data);
      if (ack) ack({ success: true, data });
      else socket.emit(route.successEvent ?? `${event}_success`, data);
    } catch (err) {
      const e = toParlorError(err);
      outcome = e.code;
      if (e.code === 'INTERNAL') this.deps.log.error({ event: label, user_id: ctx.caller.id, room_id: roomId, err: e.cause ?? e }, 'request failed');
      const body: ErrorBody = e.toBody();
      if (ack) ack({ success: false, error: body });
      else if (route) socket.emit('error', { event, ...body });
      // UNKNOWN_EVENT without an ack gets no reply (SPEC §4)
    } finally {
      requestEnded(socket.client);
      const seconds = (performance.now() - t0) / 1000;
      this.deps.metrics.requests.record(label, outcome, seconds);
      this.deps.request({ event: label, user_id: ctx.caller.id, room_id: roomId, outcome, duration_ms: Math.round(seconds * 1e6) / 1e3 });
    }
  }
}
