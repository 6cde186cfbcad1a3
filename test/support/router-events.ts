import { events } from '../../src/protocol/events.js';
import { shippedGames } from '../../src/games/index.js';

/** Every event a client can send: the static table and the shipped modules' alias and query events. */
export function routerEvents(): string[] {
  const names = new Set(Object.keys(events));
  for (const m of shippedGames) for (const e of [...Object.keys(m.aliases ?? {}), ...Object.keys(m.queries ?? {})]) names.add(e);
  return [...names].sort();
}
