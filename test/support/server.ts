/**
 * Test fixture: a real Parlor server process (`node dist/main.js`, built by `npm test`)
 * on a free port with its own DATA_DIR. Tests drive it over HTTP and Socket.IO exactly as
 * a client would, kill it with SIGKILL, and restart it on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MAIN = path.join(root, 'dist', 'main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  env?: Record<string, string | undefined>;
  dataDir?: string;
  port?: number;
  /** Script to run instead of dist/main.js (e.g. a fixture embedding Parlor with extra games). */
  entry?: string;
  /** Flags for node itself (e.g. `--expose-gc`), placed before the entry. */
  nodeArgs?: string[];
}

const live = new Set<TestServer>();
process.on('exit', () => {
  for (const s of live) s.child?.kill('SIGKILL');
});

export class TestServer {
  child: ChildProcess | null = null;
  output = '';
  readonly secret: string;
  url = '';
  exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly port: number,
    readonly dataDir: string,
    readonly env: Record<string, string | undefined>,
    readonly entry: string = MAIN,
    readonly nodeArgs: string[] = [],
  ) {
    this.secret = env.JWT_SECRET ?? '';
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(opts: ServerOptions = {}): Promise<TestServer> {
    const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'parlor-test-'));
    const port = opts.port ?? (await freePort());
    const env = { JWT_SECRET: randomBytes(24).toString('hex'), LOG_LEVEL: 'warn', ...opts.env };
    const s = new TestServer(port, dataDir, env, opts.entry, opts.nodeArgs);
    await s.launch();
    return s;
  }

  async launch(): Promise<void> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('npm_')) env[k] = v;
    for (const k of ['REDIS_URL', 'DATABASE_URL', 'NODE_ENV']) delete env[k];
    Object.assign(env, { PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir });
    for (const [k, v] of Object.entries(this.env)) if (v === undefined) delete env[k];
    else env[k] = v;
    this.output = '';
    // an IPC channel only for the fixture that answers messages (test/support/gc-server.mjs)
    const stdio: ('ignore' | 'pipe' | 'ipc')[] = ['ignore', 'pipe', 'pipe'];
    if (this.entry.endsWith('gc-server.mjs')) stdio.push('ipc');
    const child = spawn(process.execPath, [...this.nodeArgs, this.entry], { env, stdio });
    this.child = child;
    live.add(this);
    child.stdout!.on('data', (b) => (this.output += b.toString()));
    child.stderr!.on('data', (b) => (this.output += b.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => {
      live.delete(this);
      resolve(code);
    }));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${this.output}`);
      try {
        const r = await fetch(`${this.url}/health`);
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not become healthy:\n${this.output}`);
  }

  /** SIGKILL: no shutdown code runs. */
  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait; returns the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    return this.exited;
  }

  /** Kill (SIGKILL unless told otherwise) and start again on the same port and DATA_DIR. */
  async restart(how: 'kill' | 'stop' = 'kill'): Promise<void> {
    if (how === 'kill') await this.kill();
    else await this.stop();
    await this.launch();
  }

  async close(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
