/**
 * The rate limits of SPEC §13 per user and class, scaled by RATE_LIMIT_SCALE (0 = off).
 * A socket that keeps going past 3× a limit within 10 s (i.e. has more than twice the
 * class's 10-second allowance refused) is disconnected.
 */
import type { Socket } from 'socket.io';
import { ParlorError } from '../core/errors.js';
import type { RateClass } from '../protocol/events.js';
import type { BucketLimit, RateLimiter } from '../store/ports.js';

export const CLASS_LIMITS: Record<RateClass, BucketLimit> = {
  game: { perSecond: 20, burst: 20 },
  chat: { perSecond: 5, burst: 10 },
  signal: { perSecond: 50, burst: 50 },
  room: { perSecond: 5, burst: 5 },
  other: { perSecond: 50, burst: 50 },
};

/** Connection attempts per IP: 20 per 10 s. */
export const CONNECT_LIMIT = { max: 20, windowMs: 10_000 };
const ABUSE_WINDOW_MS = 10_000;

export class RateLimits {
  private readonly limits: Record<RateClass, BucketLimit>;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly scale: number,
  ) {
    this.limits = Object.fromEntries(
      Object.entries(CLASS_LIMITS).map(([k, v]) => [k, { perSecond: v.perSecond * scale, burst: Math.max(1, Math.round(v.burst * scale)) }]),
    ) as Record<RateClass, BucketLimit>;
  }

  get enabled(): boolean {
    return this.scale > 0;
  }

  /** Throws RATE_LIMITED (and disconnects an abusive socket). */
  async check(socket: Socket, userId: string, cls: RateClass): Promise<void> {
    if (!this.enabled) return;
    const limit = this.limits[cls];
    const d = await this.limiter.consume(`${userId}:${cls}`, limit);
    if (d.ok) return;
    const allowance = limit.perSecond * (ABUSE_WINDOW_MS / 1000);
    const abuse = await this.limiter.window(`abuse:${socket.id}:${cls}`, Math.ceil(2 * allowance), ABUSE_WINDOW_MS);
    if (!abuse.ok) setImmediate(() => socket.disconnect(true));
    throw new ParlorError('RATE_LIMITED', `Too many ${cls} requests; retry later`, { retryAfterMs: d.retryAfterMs });
  }

  /** Connection attempts per IP (before auth). */
  async checkConnect(ip: string): Promise<boolean> {
    if (!this.enabled) return true;
    return (await this.limiter.window(`connect:${ip}`, Math.max(1, Math.round(CONNECT_LIMIT.max * this.scale)), CONNECT_LIMIT.windowMs)).ok;
  }
}
