/** The router table: the protocol's event table joined with the handlers, plus module events. */
import { events, type EventName } from '../protocol/events.js';
import type { Services } from '../domain/services.js';
import type { GameModule } from '../games/game-module.js';
import type { TokenService } from './tokens.js';
import type { Route, Handler } from './route.js';
import { roomHandlers } from './handlers/room-handlers.js';
import { sessionHandlers } from './handlers/session-handlers.js';
import { gameHandlers, moduleRoutes } from './handlers/game-handlers.js';

/** Reply events used when no ack is given, where they differ from `<event>_success`. */
export const SUCCESS_EVENTS: Partial<Record<EventName, string>> = {
  heartbeat: 'heartbeat_ack',
  request_game_state: 'game_state_sync',
};

export function buildRoutes(s: Services, tokens: TokenService, modules: GameModule[]): Map<string, Route> {
  const handlers: Partial<Record<EventName, Handler>> = { ...roomHandlers(s), ...sessionHandlers(s, tokens), ...gameHandlers(s) };
  const routes = new Map<string, Route>();
  for (const [name, def] of Object.entries(events) as [EventName, (typeof events)[EventName]][]) {
    const handler = handlers[name];
    if (!handler) throw new Error(`event ${name} has no handler`);
    routes.set(name, { schema: def.schema, rate: def.rate, handler, ...(SUCCESS_EVENTS[name] ? { successEvent: SUCCESS_EVENTS[name] } : {}) });
  }
  for (const [name, route] of moduleRoutes(s, modules, (e) => routes.has(e))) routes.set(name, route);
  return routes;
}
