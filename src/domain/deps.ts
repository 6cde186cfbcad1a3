/** What every domain service is built from; wired once by the composition root. */
import type { Config } from '../config/config.js';
import type { Clock } from '../core/time.js';
import type { Stores } from '../store/ports.js';
import type { Hooks } from './hooks.js';
import type { Pusher } from './pusher.js';
import type { RoomRepo } from './rooms/room-repo.js';
import type { GameRegistry } from './games/game-registry.js';
import type { Bus } from './bus.js';

/** The slice of a pino logger the domain uses. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface Deps {
  config: Readonly<Config>;
  stores: Stores;
  repo: RoomRepo;
  pusher: Pusher;
  hooks: Hooks;
  games: GameRegistry;
  clock: Clock;
  log: Log;
  bus: Bus;
}

/** The authenticated user behind a request. */
export interface Caller {
  id: string;
  name: string;
  roles: string[];
}

export const isAdmin = (c: Caller): boolean => c.roles.includes('admin');
