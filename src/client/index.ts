/**
 * The Parlor client SDK (SPEC §14): browser and Node. Imports socket.io-client, the
 * protocol's types and the error codes, never server code.
 *
 * @example
 * import { ParlorClient, guestLogin } from 'parlor/client';
 */
export { ParlorClient, type ParlorClientOptions, type RequestOptions } from './parlor-client.js';
export { ParlorClientError, isParlorClientError, type ClientErrorCode } from './client-error.js';
export { guestLogin, type GuestLogin } from './guest-login.js';
export { newActionId } from './ids.js';
export { ErrorCode } from '../core/errors.js';
export type { EventInput, EventName } from '../protocol/events.js';
export * from './replies.js';
export type * from './pushes.js';
export * from './game-views.js';
