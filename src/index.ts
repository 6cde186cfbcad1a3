/** Parlor as a library: start a server with your own games (SPEC §15). */
export { createParlor, type Parlor, type ParlorOptions } from './app/parlor.js';
export * from './games/game-module.js';
export { createRandom, randomInt } from './games/random.js';
export { readMetadata } from './games/read-metadata.js';
export { shippedGames } from './games/index.js';
export { ErrorCode, ParlorError } from './core/errors.js';
export type { Config, ConfigOptions } from './config/config.js';
export type { HookEvents, HookName } from './domain/hooks.js';
export type { Room, RoomSummary, PlayerView } from './domain/rooms/room-view.js';
