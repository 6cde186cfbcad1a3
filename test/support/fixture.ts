/**
 * One real server per test file, and the clients its tests open: `useServer()` starts the
 * server before the file's tests and closes every client and the server after them.
 *
 * @example
 * const fx = useServer({ env: { ROOM_EMPTY_TTL_S: '1' } });
 * it('…', async () => { const a = await fx.guest('Ann'); … fx.server.url … });
 */
import { afterAll, beforeAll } from 'vitest';
import { TestServer, type ServerOptions } from './server.js';
import { TestClient, connectGuest, mint } from './client.js';

export type Who = { token: string; id: string; name: string };
export type Claims = { sub?: string; name?: string; roles?: string[]; ttlS?: number };

/** Clients made through it are closed by `closeAll`. */
export class ClientPool {
  readonly clients: TestClient[] = [];

  constructor(private readonly serverOf: () => TestServer) {}

  /** Keeps `cs` to be closed at the end; returns the first. */
  track(...cs: TestClient[]): TestClient {
    this.clients.push(...cs);
    return cs[0]!;
  }

  async guest(name?: string): Promise<TestClient> {
    return this.track(await connectGuest(this.serverOf(), name));
  }

  /** A client for a token minted with the server's secret (roles, fixed ids). */
  async user(claims: Claims = {}): Promise<TestClient> {
    return this.track(await TestClient.connect(this.serverOf(), await mint(this.serverOf(), claims)));
  }

  /** A client for a known identity (stable id across restarts of the server). */
  async as(who: Who, opts: { reconnection?: boolean } = {}): Promise<TestClient> {
    return this.track(await TestClient.connect(this.serverOf(), who, opts));
  }

  /** Another socket of the same user as `c`. */
  again(c: TestClient): Promise<TestClient> {
    return this.as({ token: c.token, id: c.id, name: c.name });
  }

  async minted(name?: string): Promise<Who> {
    return mint(this.serverOf(), name ? { name } : {});
  }

  closeAll(): void {
    for (const c of this.clients.splice(0)) c.close();
  }
}

export interface ServerFixture extends ClientPool {
  readonly server: TestServer;
}

/** Starts a server for this file (`RATE_LIMIT_SCALE=100` unless `env` says otherwise). */
export function useServer(opts: ServerOptions = {}): ServerFixture {
  let server: TestServer | undefined;
  const pool = new ClientPool(() => {
    if (!server) throw new Error('the server is not started yet (use the fixture inside tests)');
    return server;
  });
  beforeAll(async () => {
    server = await TestServer.start({ ...opts, env: { RATE_LIMIT_SCALE: '100', ...opts.env } });
  });
  afterAll(async () => {
    pool.closeAll();
    await server?.close();
  });
  Object.defineProperty(pool, 'server', {
    get(): TestServer {
      if (!server) throw new Error('the server is not started yet');
      return server;
    },
  });
  return pool as ServerFixture;
}
