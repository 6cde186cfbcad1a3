/**
 * How the domain reaches clients, without knowing Socket.IO. Membership of a user's
 * sockets in a room's channel is managed here, by user id: sockets are only addresses.
 */
import type { RoomId, UserId } from '../core/ids.js';

/**
 * Which processes a change of one user's channels, or a push to them alone, must reach:
 * `cluster` (every node: the default), or `node` when all of the user's sockets are on
 * this one (PresenceStore.onlyHere).
 */
export type Reach = 'node' | 'cluster';

export interface Pusher {
  /** Whether other processes serve the same rooms (cluster mode). */
  readonly clustered: boolean;
  /** Every socket of every member of the room. */
  toRoom(roomId: RoomId, event: string, data: unknown): void;
  /** Every socket of every member of any of these rooms, once each (a socket in two of them hears it once). */
  toRooms(roomIds: RoomId[], event: string, data: unknown): void;
  /** Every socket of the room's spectators. */
  toSpectators(roomId: RoomId, event: string, data: unknown): void;
  /** Every socket of the user, on any node (on this one alone with reach `node`). */
  toUser(userId: UserId, event: string, data: unknown, reach?: Reach): void;
  /** Every socket of each of these users: one payload, encoded once. */
  toUsers(userIds: UserId[], event: string, data: unknown): void;
  /** Subscribers of a feed topic, on every node (an operator's broadcast). */
  toTopic(topic: string, event: string, data: unknown): void;
  /** Subscribers of a feed topic connected to this process. */
  toLocalTopic(topic: string, event: string, data: unknown): void;
  /** Whether a socket of this process subscribes to the topic (a feed nobody here hears is not built). */
  hasLocalSubscribers(topic: string): boolean;
  /** Tells the other processes that the topic's picture changed (cluster mode). */
  announce(topic: string): void;
  /** `fn` runs when another process announced a change of a topic. */
  onAnnounce(fn: (topic: string) => void): void;
  /** Puts the user's sockets into the room's channel (and the spectator channel). */
  attach(userId: UserId, roomId: RoomId, role: 'player' | 'spectator', reach?: Reach): Promise<void>;
  detach(userId: UserId, roomId: RoomId, reach?: Reach): Promise<void>;
  /** Removes every socket from the room's channels. */
  detachAll(roomId: RoomId): Promise<void>;
}
