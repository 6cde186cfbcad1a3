/**
 * The closed set of error codes (SPEC §4) and the one error class that carries them.
 * Shared by the server and the client SDK.
 */
export const ErrorCode = {
  VALIDATION_ERROR: 'VALIDATION_ERROR',
  UNKNOWN_EVENT: 'UNKNOWN_EVENT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  AUTH_REQUIRED: 'AUTH_REQUIRED',
  AUTH_EXPIRED: 'AUTH_EXPIRED',
  AUTH_INVALID: 'AUTH_INVALID',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  NOT_IN_ROOM: 'NOT_IN_ROOM',
  ROOM_FULL: 'ROOM_FULL',
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  ROOM_CLOSED: 'ROOM_CLOSED',
  GAME_NOT_STARTED: 'GAME_NOT_STARTED',
  GAME_OVER: 'GAME_OVER',
  NOT_YOUR_TURN: 'NOT_YOUR_TURN',
  INVALID_MOVE: 'INVALID_MOVE',
  STALE_STATE: 'STALE_STATE',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status for each code; a missing entry fails to compile. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  UNKNOWN_EVENT: 400,
  PAYLOAD_TOO_LARGE: 413,
  AUTH_REQUIRED: 401,
  AUTH_EXPIRED: 401,
  AUTH_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_IN_ROOM: 403,
  ROOM_FULL: 409,
  WRONG_PASSWORD: 403,
  ROOM_CLOSED: 410,
  GAME_NOT_STARTED: 409,
  GAME_OVER: 409,
  NOT_YOUR_TURN: 409,
  INVALID_MOVE: 422,
  STALE_STATE: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  field?: string;
  retry_after_ms?: number;
  reason?: string;
}

/** An expected refusal. Anything else thrown is a bug and answers INTERNAL. */
export class ParlorError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly retryAfterMs?: number;
  readonly reason?: string;

  constructor(code: ErrorCode, message: string, extra: { field?: string; retryAfterMs?: number; reason?: string; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ParlorError';
    this.code = code;
    this.field = extra.field;
    this.retryAfterMs = extra.retryAfterMs;
    this.reason = extra.reason;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.retryAfterMs !== undefined) body.retry_after_ms = this.retryAfterMs;
    if (this.reason !== undefined) body.reason = this.reason;
    return body;
  }
}

/** Normalises anything thrown into a ParlorError; unknown throws become INTERNAL (original kept as `cause`). */
export function toParlorError(err: unknown): ParlorError {
  if (err instanceof ParlorError) return err;
  return new ParlorError('INTERNAL', 'Internal server error', { cause: err });
}

export const fail = {
  notFound: (what: string) => new ParlorError('NOT_FOUND', `${what} not found`),
  forbidden: (message: string) => new ParlorError('FORBIDDEN', message),
  conflict: (message: string) => new ParlorError('CONFLICT', message),
  validation: (field: string, message: string) => new ParlorError('VALIDATION_ERROR', message, { field }),
  notInRoom: () => new ParlorError('NOT_IN_ROOM', 'You are not a member of this room'),
  closed: () => new ParlorError('ROOM_CLOSED', 'The room is closed'),
  /** A room change lost its compare-and-set too often in a row. */
  busy: () => new ParlorError('INTERNAL', 'Room is too busy, try again'),
};
