/**
 * Test client: a real socket.io-client socket with request helpers that return the SPEC
 * envelope, a log of every pushed event, and waits on that log.
 */
import { io, type Socket } from 'socket.io-client';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import type { TestServer } from './server.js';

export interface Envelope<T = any> {
  success: boolean;
  data?: T;
  error?: { code: string; message: string; field?: string; reason?: string; retry_after_ms?: number };
}

let ipCounter = 1;
/** A fresh loopback source address per client, so per-IP limits do not throttle tests. */
export function nextIp(): string {
  ipCounter++;
  return `127.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${(ipCounter & 255) || 1}`;
}

export async function mint(server: TestServer, claims: { sub?: string; name?: string; roles?: string[]; ttlS?: number } = {}): Promise<{ token: string; id: string; name: string }> {
  const id = claims.sub ?? `u_${randomBytes(5).toString('hex')}`;
  const name = claims.name ?? id.slice(0, 32);
  const token = await new SignJWT({ name, ...(claims.roles ? { roles: claims.roles } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.ttlS ?? 3600))
    .sign(new TextEncoder().encode(server.secret));
  return { token, id, name };
}

export async function guest(server: TestServer, name = `g${randomBytes(3).toString('hex')}`): Promise<{ token: string; id: string; name: string }> {
  const r = await fetch(`${server.url}/auth/guest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  const j = (await r.json()) as { token: string; user: { id: string; name: string } };
  return { token: j.token, id: j.user.id, name: j.user.name };
}

export class TestClient {
  readonly sock: Socket;
  readonly log: { event: string; data: any }[] = [];
  connected: any = null;
  private waiters = new Set<{ event: string; pred: (d: any) => boolean; resolve: (d: any) => void }>();

  constructor(
    readonly url: string,
    readonly token: string,
    readonly id: string,
    readonly name: string,
    opts: { reconnection?: boolean } = {},
  ) {
    this.sock = io(url, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: opts.reconnection ?? false, autoConnect: false, localAddress: nextIp() } as any);
    const record = (event: string, data: any) => {
      this.log.push({ event, data });
      for (const w of [...this.waiters]) if (w.event === event && w.pred(data)) {
        this.waiters.delete(w);
        w.resolve(data);
      }
    };
    this.sock.onAny(record);
    this.sock.on('disconnect', (reason) => record('$disconnect', reason));
  }

  static async connect(server: TestServer | string, who: { token: string; id: string; name: string }, opts: { reconnection?: boolean } = {}): Promise<TestClient> {
    const url = typeof server === 'string' ? server : server.url;
    const c = new TestClient(url, who.token, who.id, who.name, opts);
    const connected = c.next('connected', () => true, 5000);
    connected.catch(() => {}); // observed below; a refused connection must not leave it unhandled
    try {
      await new Promise<void>((resolve, reject) => {
        c.sock.once('connect', () => resolve());
        c.sock.once('connect_error', (e) => reject(e));
        c.sock.connect();
      });
      c.connected = await connected;
      return c;
    } catch (e) {
      c.close(); // a failed connect must not leave a socket behind
      throw e;
    }
  }

  /** A request with an ack: resolves to the envelope. */
  request<T = any>(event: string, payload?: unknown, timeoutMs = 5000): Promise<Envelope<T>> {
    return new Promise((resolve, reject) => {
      const args = payload === undefined ? [] : [payload];
      this.sock.timeout(timeoutMs).emit(event, ...args, (err: Error | null, reply: Envelope<T>) => (err ? reject(new Error(`${event}: no ack`)) : resolve(reply)));
    });
  }

  async ok<T = any>(event: string, payload?: unknown): Promise<T> {
    const r = await this.request<T>(event, payload);
    if (!r.success) throw new Error(`${event} failed: ${JSON.stringify(r.error)}`);
    return r.data as T;
  }

  async err(event: string, payload: unknown): Promise<NonNullable<Envelope['error']>> {
    const r = await this.request(event, payload);
    if (r.success) throw new Error(`${event} succeeded, expected an error: ${JSON.stringify(r.data)}`);
    return r.error!;
  }

  events(event: string): any[] {
    return this.log.filter((e) => e.event === event).map((e) => e.data);
  }

  /** The first logged (or future) `event` matching pred. */
  waitFor<T = any>(event: string, pred: (d: any) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    const hit = this.log.find((e) => e.event === event && pred(e.data));
    if (hit) return Promise.resolve(hit.data);
    return this.next(event, pred, timeoutMs);
  }

  /** The next (future) `event` matching pred. */
  next<T = any>(event: string, pred: (d: any) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const w = { event, pred, resolve: (d: any) => (clearTimeout(t), resolve(d)) };
      const t = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`${this.name}: no ${event} within ${timeoutMs} ms (seen: ${this.log.map((e) => e.event).slice(-15).join(',')})`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  close(): void {
    this.sock.close();
  }
}

/** Connects a fresh guest. */
export async function connectGuest(server: TestServer, name?: string): Promise<TestClient> {
  return TestClient.connect(server, await guest(server, name));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
