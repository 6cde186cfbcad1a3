/**
 * The domain's Pusher over Socket.IO channels: `u:<user>`, `r:<room>`, `s:<room>` (spectators), `t:<topic>`.
 * Feed changes travel between nodes as `serverSideEmit` notices, so that each node builds
 * a feed only for its own subscribers.
 */
import type { Server } from 'socket.io';
import type { Pusher, Reach } from '../domain/pusher.js';
import type { Metrics } from './metrics.js';

export const channel = {
  user: (id: string) => `u:${id}`,
  room: (id: string) => `r:${id}`,
  spectators: (id: string) => `s:${id}`,
  topic: (t: string) => `t:${t}`,
};

/** The server-to-server event (Socket.IO `serverSideEmit`) by which a node tells the others a feed changed. */
const FEED_CHANGED = 'parlor:feed_changed';

export class SocketPusher implements Pusher {
  constructor(
    private readonly io: Server,
    private readonly metrics: Metrics,
    /** Other nodes serve the same rooms (cluster mode). */
    readonly clustered = false,
  ) {}

  toRoom(roomId: string, event: string, data: unknown): void {
    this.emit(channel.room(roomId), event, data);
  }

  toRooms(roomIds: string[], event: string, data: unknown): void {
    // one broadcast to the union of the channels: Socket.IO sends it once per socket
    if (roomIds.length) this.emit(roomIds.map(channel.room), event, data);
  }

  toSpectators(roomId: string, event: string, data: unknown): void {
    this.emit(channel.spectators(roomId), event, data);
  }

  toUser(userId: string, event: string, data: unknown, reach: Reach = 'cluster'): void {
    this.emit(channel.user(userId), event, data, reach);
  }

  toUsers(userIds: string[], event: string, data: unknown): void {
    this.emit(userIds.map(channel.user), event, data);
  }

  toTopic(topic: string, event: string, data: unknown): void {
    this.emit(channel.topic(topic), event, data);
  }

  toLocalTopic(topic: string, event: string, data: unknown): void {
    this.emit(channel.topic(topic), event, data, 'node');
  }

  hasLocalSubscribers(topic: string): boolean {
    // the adapter's room table holds this process's sockets only, in-memory and Redis alike
    return (this.io.of('/').adapter.rooms.get(channel.topic(topic))?.size ?? 0) > 0;
  }

  announce(topic: string): void {
    this.io.serverSideEmit(FEED_CHANGED, topic);
  }

  onAnnounce(fn: (topic: string) => void): void {
    if (this.clustered) this.io.on(FEED_CHANGED, (topic: unknown) => void (typeof topic === 'string' && fn(topic)));
  }

  async attach(userId: string, roomId: string, role: 'player' | 'spectator', reach: Reach = 'cluster'): Promise<void> {
    const rooms = role === 'spectator' ? [channel.room(roomId), channel.spectators(roomId)] : [channel.room(roomId)];
    this.sockets(userId, reach).socketsJoin(rooms);
  }

  async detach(userId: string, roomId: string, reach: Reach = 'cluster'): Promise<void> {
    this.sockets(userId, reach).socketsLeave([channel.room(roomId), channel.spectators(roomId)]);
  }

  /** The user's sockets on every node, or on this one alone. */
  private sockets(userId: string, reach: Reach) {
    return this.via(reach).in(channel.user(userId));
  }

  /** Every node, or (`node`) this process alone: the cluster adapter then writes no stream entry. */
  private via(reach: Reach) {
    return reach === 'node' ? this.io.local : this.io;
  }

  async detachAll(roomId: string): Promise<void> {
    this.io.in(channel.room(roomId)).socketsLeave([channel.room(roomId), channel.spectators(roomId)]);
  }

  private emit(target: string | string[], event: string, data: unknown, reach: Reach = 'cluster'): void {
    this.via(reach).to(target).emit(event, data);
    this.metrics.broadcasts.inc();
  }
}
