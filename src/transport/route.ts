/** The shape of one router entry and of what a handler receives. */
import type { z } from 'zod';
import type { Caller } from '../domain/deps.js';
import type { RateClass } from '../protocol/events.js';

/** Per-socket abilities a few handlers need (feeds, token refresh). */
export interface Session {
  readonly socketId: string;
  joinTopic(topic: string): void;
  leaveTopic(topic: string): void;
  /** Emits to this socket only (a feed's snapshot for a new subscriber). */
  push(event: string, data: unknown): void;
  /** Replaces the socket's identity expiry after a token refresh. */
  setExpiry(expiresAt: number | null): void;
}

export interface RequestContext {
  caller: Caller;
  session: Session;
}

export type Handler<P = any> = (ctx: RequestContext, payload: P) => Promise<unknown>;

export interface Route {
  schema: z.ZodType;
  rate: RateClass;
  handler: Handler;
  /** The event emitted with the data when no ack is given (default `<event>_success`). */
  successEvent?: string;
  /**
   * For events that are shorthands of `game_action`: validation paths of the inner payload
   * are reported without the `payload.` prefix.
   */
  flattenPayloadPath?: boolean;
}
