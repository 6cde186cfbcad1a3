/**
 * The SDK's one error class. A refused request carries the server's SPEC code (§4) and
 * its details; two more codes are the client's own: `TIMEOUT` (no reply in time) and
 * `DISCONNECTED` (the connection dropped before the reply, or the client was closed).
 *
 * @example
 * try { await client.request('join_room', { room_id, password }) }
 * catch (e) { if (isParlorClientError(e, 'WRONG_PASSWORD')) askForPassword() }
 */
import type { ErrorBody, ErrorCode } from '../core/errors.js';

export type ClientErrorCode = ErrorCode | 'TIMEOUT' | 'DISCONNECTED';

export class ParlorClientError extends Error {
  readonly code: ClientErrorCode;
  /** The request event that failed (empty for connection errors). */
  readonly event: string;
  /** VALIDATION_ERROR: the first bad field, as a dotted path (`payload.cell`). */
  readonly field?: string;
  /** INVALID_MOVE: the game module's own code (`CELL_TAKEN`). */
  readonly reason?: string;
  /** RATE_LIMITED: how long to wait before trying again. */
  readonly retry_after_ms?: number;

  constructor(code: ClientErrorCode, message: string, extra: { event?: string; field?: string; reason?: string; retry_after_ms?: number } = {}) {
    super(message);
    this.name = 'ParlorClientError';
    this.code = code;
    this.event = extra.event ?? '';
    if (extra.field !== undefined) this.field = extra.field;
    if (extra.reason !== undefined) this.reason = extra.reason;
    if (extra.retry_after_ms !== undefined) this.retry_after_ms = extra.retry_after_ms;
  }

  /** The same name as the server's ParlorError uses. */
  get retryAfterMs(): number | undefined {
    return this.retry_after_ms;
  }

  static fromBody(event: string, body: ErrorBody): ParlorClientError {
    return new ParlorClientError(body.code, body.message, {
      event,
      ...(body.field !== undefined ? { field: body.field } : {}),
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(body.retry_after_ms !== undefined ? { retry_after_ms: body.retry_after_ms } : {}),
    });
  }
}

/** True when `e` is a ParlorClientError (with `code`, when given). */
export function isParlorClientError(e: unknown, code?: ClientErrorCode): e is ParlorClientError {
  return e instanceof ParlorClientError && (code === undefined || e.code === code);
}
