/**
 * Socket.IO side: handshake auth (token in `auth.token` or `Authorization: Bearer`), the
 * per-IP connection limit, `connected`, channel membership by user id, token expiry, and
 * every incoming event handed to the router.
 */
import type { Server, Socket } from 'socket.io';
import { ParlorError } from '../core/errors.js';
import { InFlight } from '../core/in-flight.js';
import type { Log } from '../domain/deps.js';
import type { Services } from '../domain/services.js';
import type { RoomRepo } from '../domain/rooms/room-repo.js';
import type { RateLimits } from './rate-limits.js';
import type { Router } from './router.js';
import type { RequestContext, Session } from './route.js';
import { useDirectAcks, useDirectWrites } from './direct-write.js';
import { channel } from './socket-pusher.js';
import type { Identity, TokenService } from './tokens.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

export function bearer(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? m[1]!.trim() : null;
}

/** The client's address: the socket's peer, or the first X-Forwarded-For hop behind a trusted proxy. */
export function socketIp(socket: Socket, trustProxy: boolean): string {
  const xff = socket.handshake.headers['x-forwarded-for'];
  if (trustProxy && typeof xff === 'string' && xff.trim()) return xff.split(',')[0]!.trim();
  return socket.handshake.address || 'unknown';
}

export interface SocketServerDeps {
  io: Server;
  tokens: TokenService;
  limits: RateLimits;
  router: Router;
  services: Services;
  repo: RoomRepo;
  log: Log;
  trustProxy: boolean;
}

/**
 * Attaches the handlers; answers the count of the work they have under way (requests being
 * handled, disconnects being recorded), which a graceful stop waits for (app/parlor.ts).
 */
export function attachSocketServer(d: SocketServerDeps): InFlight {
  const work = new InFlight();
  d.io.use(async (socket, next) => {
    try {
      if (!(await d.limits.checkConnect(socketIp(socket, d.trustProxy)))) return next(new Error('RATE_LIMITED'));
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const token = (typeof auth?.token === 'string' && auth.token) || bearer(socket.handshake.headers.authorization);
      if (!token) return next(new Error('AUTH_REQUIRED'));
      socket.data.identity = await d.tokens.verify(token);
      next();
    } catch (e) {
      next(new Error(e instanceof ParlorError ? e.code : 'AUTH_INVALID'));
    }
  });

  d.io.on('connection', (socket) => {
    useDirectWrites(socket.client);
    useDirectAcks(socket);
    const identity = socket.data.identity as Identity;
    const caller = { id: identity.id, name: identity.name, roles: identity.roles };
    let expiryTimer: NodeJS.Timeout | null = null;
    const setExpiry = (expiresAt: number | null) => {
      if (expiryTimer) clearTimeout(expiryTimer);
      expiryTimer = null;
      if (expiresAt === null) return;
      expiryTimer = setTimeout(() => {
        socket.emit('error', { code: 'AUTH_EXPIRED', message: 'The token has expired' });
        setTimeout(() => socket.disconnect(true), 50);
      }, Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS));
    };
    const session: Session = {
      socketId: socket.id,
      joinTopic: (t) => void socket.join(channel.topic(t)),
      leaveTopic: (t) => void socket.leave(channel.topic(t)),
      push: (event, data) => void socket.emit(event, data),
      setExpiry,
    };
    const ctx: RequestContext = { caller, session };
    // Events that arrive while the socket is being set up wait for it (in order); later
    // ones go straight to the router, without a promise hop each.
    let isReady = false;
    const ready = setup().then(() => void (isReady = true));
    socket.onAny((event: string, ...args: unknown[]) => {
      if (isReady) void work.track(d.router.dispatch(socket, ctx, event, args));
      else void work.track(ready.then(() => d.router.dispatch(socket, ctx, event, args)));
    });
    socket.on('disconnect', () => {
      if (expiryTimer) clearTimeout(expiryTimer);
      void work.track(
        ready
          .then(() => d.services.presence.socketDisconnected(caller, socket.id))
          .catch((err) => d.log.error({ err, user_id: caller.id }, 'disconnect handling failed')),
      );
    });

    async function joinChannels(roomIds: string[]): Promise<void> {
      // independent reads, issued together: one wait in cluster mode, however many rooms
      const rooms = await Promise.all(roomIds.map((roomId) => d.repo.get(roomId)));
      roomIds.forEach((roomId, i) => {
        socket.join(channel.room(roomId));
        if (rooms[i]?.spectators.some((s) => s.user_id === caller.id)) socket.join(channel.spectators(roomId));
      });
    }

    async function setup(): Promise<void> {
      try {
        setExpiry(identity.expiresAt);
        socket.join(channel.user(caller.id));
        const before = await d.repo.roomsOf(caller.id);
        await joinChannels(before);
        await d.services.presence.socketConnected(caller, socket.id);
        // A node that changes a user's rooms tells only its own sockets when presence lists no
        // other (RoomService.reach): now that this socket is listed, read the rooms again and
        // follow what changed meanwhile. Either that node saw this socket, or this read sees its change.
        const roomIds = await d.repo.roomsOf(caller.id);
        for (const roomId of before.filter((id) => !roomIds.includes(id))) {
          socket.leave(channel.room(roomId));
          socket.leave(channel.spectators(roomId));
        }
        await joinChannels(roomIds.filter((id) => !before.includes(id)));
        socket.emit('connected', {
          user_id: caller.id,
          name: caller.name,
          roles: caller.roles,
          server_time: new Date().toISOString(),
          rooms: roomIds,
          pending_challenges: await d.services.challenges.pendingFor(caller.id),
        });
      } catch (err) {
        d.log.error({ err, user_id: caller.id }, 'connection setup failed');
        socket.disconnect(true);
      }
    }
  });
  return work;
}
