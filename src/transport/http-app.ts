/**
 * The HTTP API (SPEC §2): guest login, health, readiness, metrics, room listings and
 * details, the event log, stats, admin broadcast, and the web UI. Errors use the socket
 * error body: {"success":false,"error":{code,message}}.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import { HTTP_STATUS, ParlorError, toParlorError } from '../core/errors.js';
import type { Caller, Log } from '../domain/deps.js';
import type { Services } from '../domain/services.js';
import type { Pusher } from '../domain/pusher.js';
import { LIMITS, id, int, obj, text } from '../protocol/fields.js';
import { parse } from '../protocol/validation.js';
import type { Metrics } from './metrics.js';
import { bearer } from './socket-server.js';
import type { TokenService } from './tokens.js';

export const GUEST_TOKEN_TTL_S = 24 * 3600;

export interface HttpDeps {
  config: Readonly<Config>;
  services: Services;
  tokens: TokenService;
  metrics: Metrics;
  pusher: Pusher;
  log: Log;
  webRoot: string;
  stats(): Promise<unknown>;
  health(): Promise<string[]>;
}

const guestBody = obj({ name: text(1, LIMITS.name) });
const listQuery = z.object({
  game_type: id().optional(),
  has_space: z.enum(['true', 'false']).optional(),
  include_active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().pipe(int(1, 200)).optional(),
});
const eventsQuery = z.object({ since: z.coerce.number().pipe(int(0, Number.MAX_SAFE_INTEGER)).optional() });
/** Names Socket.IO refuses to emit (it throws), so a broadcast under them is a bad request, not a crash. */
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const broadcastBody = obj({
  topic: text(1, LIMITS.topic),
  event: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'event must be 1–64 letters, digits, _ . : -')
    .refine((e) => !RESERVED_EVENTS.has(e), 'event is a name Socket.IO reserves'),
  data: z.unknown().optional(),
});

export function sendError(reply: FastifyReply, err: ParlorError): FastifyReply {
  return reply.code(HTTP_STATUS[err.code]).send({ success: false, error: err.toBody() });
}

export async function buildHttpApp(d: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: d.config.trustProxy });

  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin && (d.config.corsOrigins.includes('*') || d.config.corsOrigins.includes(origin))) {
      reply.header('Access-Control-Allow-Origin', d.config.corsOrigins.includes('*') ? '*' : origin);
      reply.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      reply.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      if (req.method === 'OPTIONS') return reply.code(204).send();
    }
  });

  app.setErrorHandler((err: unknown, _req, reply) => {
    if (err instanceof ParlorError) return sendError(reply, err);
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_ERROR';
      return sendError(reply, new ParlorError(code, status === 413 ? 'Body too large' : 'The request body is not valid JSON'));
    }
    d.log.error({ err }, 'http request failed');
    return sendError(reply, toParlorError(err));
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, new ParlorError('NOT_FOUND', 'Not found')));

  const callerOf = async (req: FastifyRequest, required: boolean): Promise<Caller | null> => {
    const token = bearer(req.headers.authorization);
    if (!token) {
      if (required) throw new ParlorError('AUTH_REQUIRED', 'This needs an Authorization: Bearer token');
      return null;
    }
    const who = await d.tokens.verify(token);
    return { id: who.id, name: who.name, roles: who.roles };
  };

  app.post('/auth/guest', async (req) => {
    if (!d.config.guestLogin || !d.tokens.canSign) throw new ParlorError('NOT_FOUND', 'Guest login is disabled');
    const { name } = parse(guestBody, req.body ?? {});
    const user = { id: `guest_${randomUUID()}`, name };
    const token = await d.tokens.sign({ sub: user.id, name }, GUEST_TOKEN_TTL_S);
    await d.services.presence.known(user.id, name);
    return { token, user };
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    const failing = await d.health();
    if (failing.length) return reply.code(503).send({ status: 'unavailable', failing });
    return { status: 'ok' };
  });
  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', d.metrics.contentType);
    return d.metrics.text();
  });

  app.get('/api/rooms', async (req) => {
    const q = parse(listQuery, req.query);
    const rooms = await d.services.rooms.listPublic({
      game_type: q.game_type,
      has_space: q.has_space === undefined ? true : q.has_space === 'true',
      include_active: q.include_active === 'true',
      limit: q.limit,
    });
    return { rooms };
  });
  app.get<{ Params: { id: string } }>('/api/rooms/:id', async (req) => {
    const caller = await callerOf(req, false).catch(() => null);
    const room = await d.services.rooms.visible(req.params.id, caller);
    return { room: await d.services.rooms.view(room) };
  });
  app.get<{ Params: { id: string } }>('/api/rooms/:id/events', async (req) => {
    const caller = (await callerOf(req, true))!;
    const q = parse(eventsQuery, req.query);
    return { events: await d.services.gameReads.events(caller, req.params.id, q.since ?? 0) };
  });
  app.get('/api/stats', async () => d.stats());
  app.post('/api/broadcast', async (req) => {
    const caller = (await callerOf(req, true))!;
    if (!caller.roles.includes('admin')) throw new ParlorError('FORBIDDEN', 'Only admins may broadcast');
    const body = parse(broadcastBody, req.body ?? {});
    if (!d.services.feeds.isTopic(body.topic)) throw new ParlorError('NOT_FOUND', `Unknown topic "${body.topic}"`);
    d.pusher.toTopic(body.topic, body.event, body.data ?? null);
    return { topic: body.topic, event: body.event };
  });

  await app.register(fastifyStatic, { root: path.resolve(d.webRoot), prefix: '/assets/', index: false, wildcard: true });
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').sendFile('index.html'));
  app.get('/admin', async (_req, reply) => reply.type('text/html; charset=utf-8').sendFile('admin.html'));
  return app;
}
