/** Handlers for SPEC §7 (engine) and the alias and query events the game modules declare. */
import { z } from 'zod';
import type { EventName, EventPayload } from '../../protocol/events.js';
import { id } from '../../protocol/fields.js';
import type { Services } from '../../domain/services.js';
import type { GameModule } from '../../games/game-module.js';
import type { Handler, Route } from '../route.js';

type Table = { [E in EventName]?: Handler<EventPayload<E>> };

export function gameHandlers(s: Services): Table {
  return {
    game_action: async ({ caller }, p) => s.games.action(caller, p),
    get_game_state: async ({ caller }, p) => s.gameReads.state(caller, p.room_id),
    sync: async ({ caller }, p) => s.gameReads.sync(caller, p),
    request_game_state: async ({ caller }, p) => s.gameReads.state(caller, p.room_id),
    get_match_history: async ({ caller }, p) => ({ matches: await s.gameReads.matchHistory(caller, p.limit ?? 20) }),
  };
}

/** Routes for every module's alias events (moves) and queries; the room's game decides what they mean. */
export function moduleRoutes(s: Services, modules: GameModule[], taken: (event: string) => boolean): Map<string, Route> {
  const routes = new Map<string, Route>();
  const moveSchema = z.object({ room_id: id(), action_id: id().optional(), expected_version: z.number().int().min(0).optional() }).catchall(z.unknown());
  const querySchema = z.object({ room_id: id() }).catchall(z.unknown());
  for (const m of modules) {
    for (const event of Object.keys(m.aliases ?? {})) {
      if (taken(event) && !routes.has(event)) throw new Error(`game ${m.type}: alias event "${event}" clashes with a built-in event`);
      routes.set(event, { schema: moveSchema, rate: 'game', handler: ({ caller }, p) => s.games.alias(caller, event, p) });
    }
    for (const event of Object.keys(m.queries ?? {})) {
      if (taken(event) && !routes.has(event)) throw new Error(`game ${m.type}: query event "${event}" clashes with a built-in event`);
      routes.set(event, { schema: querySchema, rate: 'game', handler: ({ caller }, p) => s.gameReads.query(caller, event, p) });
    }
  }
  return routes;
}
