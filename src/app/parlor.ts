/**
 * The composition root: reads the config, wires the adapters (memory + SQLite by default),
 * the domain services, the router, Socket.IO and HTTP on one port. Parlor as a library
 * (SPEC §15):
 *
 * @example
 * const parlor = await createParlor({ games: [myGame], config: { port: 3000 } });
 * parlor.on('room_created', (room) => console.log(room.room_id));
 * await parlor.close();
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { loadConfig, type Config, type ConfigOptions } from '../config/config.js';
import { createLogger } from './logger.js';
import { systemClock } from '../core/time.js';
import { Bus } from '../domain/bus.js';
import { GameRegistry } from '../domain/games/game-registry.js';
import { Hooks, type HookEvents, type HookName } from '../domain/hooks.js';
import { RoomRepo } from '../domain/rooms/room-repo.js';
import { createServices, type Services } from '../domain/services.js';
import type { Deps } from '../domain/deps.js';
import { shippedGames } from '../games/index.js';
import type { GameModule } from '../games/game-module.js';
import { createEmbeddedStores } from '../store/embedded/embedded-stores.js';
import { createClusterStores } from '../store/redis/cluster-stores.js';
import type { Stores } from '../store/ports.js';
import { buildHttpApp } from '../transport/http-app.js';
import { Metrics } from '../transport/metrics.js';
import { RateLimits } from '../transport/rate-limits.js';
import { Router } from '../transport/router.js';
import { buildRoutes } from '../transport/routes.js';
import { SocketPusher } from '../transport/socket-pusher.js';
import { attachSocketServer } from '../transport/socket-server.js';
import { createLocalFirstAdapter } from '../transport/local-first-adapter.js';
import { NodeStreams } from '../transport/node-streams.js';
import { TokenService } from '../transport/tokens.js';

export interface ParlorOptions {
  /** Game modules added to the shipped ones (a duplicate game_type is a start-up error). */
  games?: GameModule[];
  /** Settings; anything not given falls back to the environment (SPEC §1). */
  config?: ConfigOptions;
}

export interface Parlor {
  readonly config: Readonly<Config>;
  /** The port actually listened on (useful with `port: 0`). */
  readonly port: number;
  readonly url: string;
  on<K extends HookName>(name: K, fn: (...args: HookEvents[K]) => unknown): () => void;
  /** Graceful stop: tells every socket `server_shutdown`, finishes in-flight work, flushes, closes. */
  close(): Promise<void>;
}

const SHUTDOWN_RECONNECT_MS = 2000;
/** Longest wait for work under way, at each of a graceful stop's two drains (within main.ts's 10 s). */
const DRAIN_MS = 4000;

/** The `web/` folder of the package (from dist/ or from src/app/). */
function defaultWebRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(dir, 'web', 'index.html'))) return path.join(dir, 'web');
    dir = path.dirname(dir);
  }
  throw new Error('web/ not found next to the package');
}

export async function createParlor(options: ParlorOptions = {}): Promise<Parlor> {
  const config = loadConfig(options.config ?? {});
  const logger = createLogger(config.logLevel);
  const log = logger.log;
  const games = new GameRegistry([...shippedGames, ...(options.games ?? [])]);
  const cluster = config.redisUrl
    ? await createClusterStores({
        redisUrl: config.redisUrl,
        databaseUrl: config.databaseUrl!,
        onError: (err) => log.error({ err }, 'cluster store error'),
        log: (msg) => log.warn({}, msg),
      })
    : null;
  const stores: Stores = cluster ?? (await createEmbeddedStores({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }));
  const tokens = new TokenService(config);

  const io = new Server({
    path: '/socket.io',
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: config.corsOrigins.includes('*') ? true : config.corsOrigins },
    pingInterval: 10_000,
    pingTimeout: 10_000,
  });
  if (cluster) {
    const nodeStreams = new NodeStreams({ redis: cluster.adapterRedis, nodeId: cluster.nodeId, liveNodes: () => cluster.liveNodeIds(), prefix: 'parlor:sio' });
    // each node's copies of rooms follow what the other nodes store (store/redis/room-copies.ts)
    cluster.roomCopies.publish = (fields) => nodeStreams.publish(fields);
    nodeStreams.onRoom = (fields) => cluster.roomCopies.heard(fields);
    io.adapter(createLocalFirstAdapter(cluster.adapterRedis, { streamName: 'parlor:sio', onlyPlaintext: true }, nodeStreams));
    await nodeStreams.start();
  }
  let localSockets = 0;
  io.on('connection', (socket) => {
    localSockets++;
    socket.on('disconnect', () => localSockets--);
  });

  const repo = new RoomRepo(stores.rooms);
  const statsOf = async () => {
    const counts = await stores.presence.counts();
    const rooms = { waiting: 0, active: 0, finished: 0 };
    for (const r of await repo.listOpen()) if (r.status !== 'closed') rooms[r.status]++;
    return { connections: counts.connections, users_online: counts.users_online, rooms, nodes: await stores.nodes() };
  };
  const metrics = new Metrics({
    counts: () => stores.presence.counts(),
    localSockets: () => localSockets,
    roomsByStatus: async () => (await statsOf()).rooms,
  });
  const pusher = new SocketPusher(io, metrics, !!cluster);
  const hooks = new Hooks((hook, err) => log.error({ hook, err }, 'hook listener failed'));
  const bus = new Bus((err) => log.error({ err }, 'internal listener failed'));
  const deps: Deps = { config, stores, repo, pusher, hooks, games, clock: systemClock, log, bus };
  const services: Services = createServices(deps, { stats: { stats: statsOf } });

  const limits = new RateLimits(stores.rates, config.rateLimitScale);
  const router = new Router(buildRoutes(services, tokens, games.all()), { limits, metrics, log, request: logger.request });
  const work = attachSocketServer({ io, tokens, limits, router, services, repo, log, trustProxy: config.trustProxy });

  const http = await buildHttpApp({ config, services, tokens, metrics, pusher, log, webRoot: defaultWebRoot(), stats: statsOf, health: () => stores.health() });
  io.attach(http.server);
  await services.games.recover();
  await services.members.armGraceAfterRestart();
  stores.scheduler.start((t) => services.onTimer(t));
  services.feeds.start();
  await http.listen({ port: config.port, host: config.host });
  const port = (http.server.address() as AddressInfo).port;
  log.info({ port, host: config.host, mode: cluster ? 'cluster' : 'embedded', node: cluster?.nodeId, data_dir: config.dataDir }, `parlor listening on http://${config.host}:${port}`);

  let closing: Promise<void> | null = null;
  return {
    config,
    port,
    url: `http://${config.host}:${port}`,
    on: (name, fn) => hooks.on(name, fn),
    close() {
      closing ??= (async () => {
        // SPEC §1: tell every socket, stop accepting, finish the requests in flight, flush. Every
        // socket of THIS node: in cluster mode a plain `io.emit` or `io.disconnectSockets` goes
        // through the adapter to every node's sockets, and one node's stop would end them all.
        io.local.emit('server_shutdown', { reconnect_after_ms: SHUTDOWN_RECONNECT_MS });
        http.server.close(); // no new connections; those open stay until the sockets are disconnected
        services.feeds.stop();
        await stores.scheduler.stop();
        // the clients' time to hear `server_shutdown`, and the requests in flight their time to
        // finish (replies reach the sockets still connected)
        await Promise.all([new Promise((r) => setTimeout(r, 100)), work.settled(DRAIN_MS)]);
        io.local.disconnectSockets(true);
        // what the disconnects record (presence, last seen, reconnect grace) before the stores close
        if (!(await work.settled(DRAIN_MS))) log.warn({ in_flight: work.size }, 'shutdown: work still under way after the drain; closing anyway');
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await http.close();
        await stores.close();
        log.info({}, 'parlor stopped');
        logger.close();
      })();
      return closing;
    },
  };
}
