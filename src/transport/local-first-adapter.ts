/**
 * The Socket.IO Redis Streams adapter (cluster fan-out), changed in two ways:
 *
 * - **This node's sockets get a broadcast at once.** The adapter waits for its `XADD` to
 *   return before delivering to the local sockets, so that the packet can carry the stream
 *   offset for Socket.IO's connection state recovery. Parlor does not use that recovery
 *   (clients catch up with `sync`), so the wait bought nothing and cost every push a Redis
 *   round trip — a move's own `game_state` left after the `XADD` answered. Here the entry
 *   is written without waiting and the local sockets are served in the same call. Joins,
 *   leaves and disconnects of sockets (`socketsJoin`, …) go the same way, so this node
 *   applies them in the order they were made, and before any later broadcast, as before;
 *   the other nodes still apply everything in stream order.
 * - **A node does not read its own entries.** With the adapter's one shared stream every
 *   node reads every entry, its own included. Here the entries go through `NodeStreams`
 *   (node-streams.ts): each node writes to a stream of its own and reads the others' alone.
 *   The adapter's shared stream stays silent (its reader blocks on it).
 *
 * With connection state recovery switched on, the adapter keeps its own behaviour.
 * This relies on socket.io-adapter's ClusterAdapter (2.5) and the Redis Streams adapter's
 * `onRawMessage` (0.3): test/cluster covers both; re-run it when upgrading either.
 */
import { createAdapter, type RedisStreamsAdapterOptions } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Adapter, MessageType, type BroadcastOptions } from 'socket.io-adapter';
import type { NodeStreams, RawEntry } from './node-streams.js';

type Packet = Parameters<Adapter['broadcast']>[0];
type Rooms = Parameters<Adapter['addSockets']>[1];

/** What the cluster adapter adds to the in-memory one (not in its public typings). */
interface ClusterParts {
  uid: string;
  nsp: { name: string };
  /** The adapter's stream entry for a message. */
  encode(message: { uid: string; nsp: string; type: MessageType; data: unknown }): RawEntry;
  onRawMessage(raw: { uid?: string }, offset: string): void;
  close(): void;
}

/** The cluster adapter's wire form of broadcast options (its own `encodeOptions`). */
function encodeOptions(opts: BroadcastOptions): { rooms: string[]; except: string[]; flags: BroadcastOptions['flags'] } {
  return { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags };
}

function localFirst(adapter: Adapter & ClusterParts, streams: NodeStreams): void {
  const local = Adapter.prototype;
  /** Writes the stream entry without waiting (unless the operation is local-only); the entry is encoded now, before the local step touches the packet. */
  const publish = (opts: BroadcastOptions, type: MessageType, data: Record<string, unknown>) => {
    if (!opts.flags?.local) streams.publish(adapter.encode({ uid: adapter.uid, nsp: adapter.nsp.name, type, data: { ...data, opts: encodeOptions(opts) } }));
  };
  adapter.broadcast = (packet: Packet, opts: BroadcastOptions) => {
    publish(opts, MessageType.BROADCAST, { packet });
    local.broadcast.call(adapter, packet, opts);
  };
  adapter.addSockets = (opts: BroadcastOptions, rooms: Rooms) => {
    publish(opts, MessageType.SOCKETS_JOIN, { rooms });
    local.addSockets.call(adapter, opts, rooms);
  };
  adapter.delSockets = (opts: BroadcastOptions, rooms: Rooms) => {
    publish(opts, MessageType.SOCKETS_LEAVE, { rooms });
    local.delSockets.call(adapter, opts, rooms);
  };
  adapter.disconnectSockets = (opts: BroadcastOptions, close: boolean) => {
    publish(opts, MessageType.DISCONNECT_SOCKETS, { close });
    local.disconnectSockets.call(adapter, opts, close);
  };
}

/**
 * `io.adapter(createLocalFirstAdapter(redis, opts, nodeStreams))`: the Redis Streams
 * adapter, local sockets served at once, its entries on a stream per node (`nodeStreams`,
 * started by the caller).
 */
export function createLocalFirstAdapter(redis: Redis, opts: RedisStreamsAdapterOptions, nodeStreams: NodeStreams): (nsp: unknown) => Adapter {
  const make = createAdapter(redis, opts) as unknown as (nsp: { server: { opts: { connectionStateRecovery?: unknown } } }) => Adapter & ClusterParts;
  const byNsp = new Map<string, Adapter & ClusterParts>();
  nodeStreams.onEntry = (raw, id) => byNsp.get(raw.nsp ?? '')?.onRawMessage(raw, id);
  // a plain function: Socket.IO calls the adapter factory with `new`
  return function (nsp: unknown) {
    const ns = nsp as { server: { opts: { connectionStateRecovery?: unknown } } };
    const adapter = make(ns);
    if (!(adapter instanceof Adapter) || typeof adapter.onRawMessage !== 'function' || typeof adapter.encode !== 'function') {
      throw new Error('local-first-adapter: unexpected Redis Streams adapter (see src/transport/local-first-adapter.ts)');
    }
    if (ns.server.opts.connectionStateRecovery) return adapter;
    localFirst(adapter, nodeStreams);
    byNsp.set(adapter.nsp.name, adapter);
    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      byNsp.delete(adapter.nsp.name);
      if (!byNsp.size) nodeStreams.stop();
      close();
    };
    return adapter;
  };
}
