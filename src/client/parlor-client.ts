/**
 * The typed Parlor client (SPEC §14) over socket.io-client, for browsers and Node.
 *
 * - `request(event, payload)` resolves with the reply's `data` or rejects with a
 *   ParlorClientError carrying the SPEC `code`.
 * - `on(event, fn)` for server pushes and the SDK's own `connection` / `resynced` events.
 * - Moves (`game_action` and the modules' move events) get an `action_id`; one that is
 *   unanswered when the connection drops is sent again, same `action_id`, after the
 *   reconnect: the server applies it at most once.
 * - After a reconnect every game room the user was in is re-synced (`sync` from the last
 *   version seen) and each outcome is emitted as `resynced`.
 *
 * @example
 * const { token } = await guestLogin('http://127.0.0.1:3000', 'Ann');
 * const client = new ParlorClient({ url: 'http://127.0.0.1:3000', token });
 * await client.connect();
 * const { room } = await client.request('join_random_game', { game_type: 'tictactoe' });
 * client.on('game_state', (s) => console.log(s.version, s.state));
 * await client.action(room.room_id, 'mark', { cell: 4 });
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ErrorBody } from '../core/errors.js';
import { ParlorClientError, isParlorClientError } from './client-error.js';
import type { ClientEvents, Connected, ConnectionStatus, Resync } from './pushes.js';
import { MOVE_EVENTS, type ActionReply, type Reply, type RequestInput, type RequestName, type RoomId } from './replies.js';
import { newActionId } from './ids.js';
import { RoomTracker } from './room-tracker.js';
import { TypedEmitter } from './typed-emitter.js';

export interface ParlorClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:3000` (Socket.IO path `/socket.io`). */
  url: string;
  /** A token, or a function asked for one at every (re)connection (to hand out refreshed tokens). */
  token: string | (() => string | Promise<string>);
  /** Reconnect automatically after a drop (default true). */
  reconnection?: boolean;
  reconnectionDelay?: number;
  reconnectionDelayMax?: number;
  /** How long a request waits for its reply (default 10 s). */
  requestTimeoutMs?: number;
  transports?: ('polling' | 'websocket')[];
  /** More socket.io-client options (in Node tests e.g. `localAddress`). */
  socket?: Partial<ManagerOptions & SocketOptions> & Record<string, unknown>;
}

export interface RequestOptions {
  timeoutMs?: number;
}

type Envelope = { success: true; data: unknown } | { success: false; error: ErrorBody };
interface Pending {
  event: string;
  /** Sent on a live connection (so a drop loses its reply); false while buffered offline. */
  live: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  fail(e: ParlorClientError): void;
}

export class ParlorClient extends TypedEmitter<ClientEvents> {
  /** The underlying socket.io-client socket, for what the SDK does not wrap. */
  readonly socket: Socket;
  private readonly pending = new Set<Pending>();
  private readonly tracker = new RoomTracker();
  private waiters: { resolve(): void; reject(e: ParlorClientError): void }[] = [];
  private me: Connected | null = null;
  private current: ConnectionStatus = 'idle';
  private everConnected = false;
  private shutdownHintMs: number | null = null;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ParlorClientOptions) {
    super(opts.requestTimeoutMs ?? 10_000);
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    const token = opts.token;
    this.socket = io(opts.url, {
      path: '/socket.io',
      autoConnect: false,
      forceNew: true,
      reconnection: opts.reconnection ?? true,
      reconnectionDelay: opts.reconnectionDelay ?? 500,
      reconnectionDelayMax: opts.reconnectionDelayMax ?? 5000,
      ...(opts.transports ? { transports: opts.transports } : {}),
      auth: (cb: (data: object) => void) => {
        void Promise.resolve(typeof token === 'function' ? token() : token).then((t) => cb({ token: t }), () => cb({}));
      },
      ...opts.socket,
    });
    this.socket.onAny((event: string, data: unknown) => this.onPush(event, data));
    this.socket.on('connect', () => {
      for (const p of this.pending) p.live = true;
    });
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect_error', (err) => this.onConnectError(err));
    this.socket.io.on('reconnect_attempt', () => this.setStatus('reconnecting'));
  }

  /** Connects and resolves with the server's `connected` payload; rejects with the refusal code (`AUTH_INVALID`, …). */
  connect(): Promise<Connected> {
    if (this.current === 'connected' && this.me) return Promise.resolve(this.me);
    const done = new Promise<Connected>((resolve, reject) => {
      this.waiters.push({ resolve: () => resolve(this.me!), reject });
    });
    if (this.current !== 'connecting' && this.current !== 'reconnecting') {
      this.setStatus('connecting');
      this.socket.connect();
    }
    return done;
  }

  /** Closes the connection for good; pending requests reject with `DISCONNECTED`. */
  close(): void {
    this.setStatus('closed');
    this.socket.close();
    this.failPending(() => true, 'The client was closed');
    this.failWaiters(new ParlorClientError('DISCONNECTED', 'The client was closed'));
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  /** The last `connected` payload (who the server says we are), or null before the first. */
  get session(): Connected | null {
    return this.me;
  }

  /** Rooms the user is a member of, as the server last said. */
  rooms(): RoomId[] {
    return this.tracker.rooms();
  }

  /** The last game version seen for a room (state pushes, replies, syncs). */
  versionOf(roomId: RoomId): number | undefined {
    return this.tracker.versionOf(roomId);
  }

  /** A typed request; resolves with the reply `data`. Moves get an `action_id` and survive a reconnect. */
  async request<E extends RequestName>(event: E, payload: RequestInput<E>, opts: RequestOptions = {}): Promise<Reply<E>> {
    const data = MOVE_EVENTS.has(event) ? await this.move(event, payload as Record<string, unknown>, opts) : await this.send(event, payload ?? {}, opts);
    this.tracker.noteReply(event, payload as Record<string, unknown>, data);
    return data as Reply<E>;
  }

  /** `game_action` shorthand: `client.action(roomId, 'mark', { cell: 4 })`. */
  action(roomId: RoomId, action: string, payload?: Record<string, unknown>, opts: RequestOptions & { action_id?: string; expected_version?: number } = {}): Promise<ActionReply> {
    const { timeoutMs, ...extra } = opts;
    return this.request('game_action', { room_id: roomId, action, ...(payload ? { payload } : {}), ...extra }, { timeoutMs });
  }

  /** A request for an event the typed table does not know (a custom game's move or query). */
  async call<T = unknown>(event: string, payload: Record<string, unknown> = {}, opts: RequestOptions & { move?: boolean } = {}): Promise<T> {
    const data = opts.move ? await this.move(event, payload, opts) : await this.send(event, payload, opts);
    this.tracker.noteReply(event, payload, data);
    return data as T;
  }

  // ── internals ────────────────────────────────────────────────────────────────

  private async move(event: string, payload: Record<string, unknown>, opts: RequestOptions): Promise<unknown> {
    const body = { ...payload, action_id: payload.action_id ?? newActionId() };
    for (;;) {
      if (!this.socket.connected) await this.reconnected();
      try {
        return await this.send(event, body, opts);
      } catch (e) {
        // Unanswered when the connection dropped: same action_id again once back.
        if (isParlorClientError(e, 'DISCONNECTED') && this.willReconnect()) continue;
        throw e;
      }
    }
  }

  private send(event: string, payload: unknown, opts: RequestOptions): Promise<unknown> {
    if (this.current === 'closed') return Promise.reject(new ParlorClientError('DISCONNECTED', 'The client was closed', { event }));
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    return new Promise((resolve, reject) => {
      const p: Pending = { event, live: this.socket.connected, timer: undefined, fail: reject };
      const done = () => {
        clearTimeout(p.timer);
        this.pending.delete(p);
      };
      p.timer = setTimeout(() => {
        done();
        reject(new ParlorClientError('TIMEOUT', `${event}: no reply within ${timeoutMs} ms`, { event }));
      }, timeoutMs);
      this.pending.add(p);
      this.socket.emit(event, payload, (reply: Envelope) => {
        if (!this.pending.has(p)) return;
        done();
        if (reply && reply.success === true) resolve(reply.data);
        else if (reply && reply.success === false && reply.error) reject(ParlorClientError.fromBody(event, reply.error));
        else reject(new ParlorClientError('INTERNAL', `${event}: malformed reply`, { event }));
      });
    });
  }

  /** Resolves at the next `connected`; rejects when no reconnect will come. */
  private reconnected(): Promise<void> {
    if (!this.willReconnect()) return Promise.reject(new ParlorClientError('DISCONNECTED', 'Not connected'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private willReconnect(): boolean {
    if (this.current === 'closed' || this.current === 'idle') return false;
    return this.current === 'connecting' || this.current === 'reconnecting' || this.current === 'connected';
  }

  private onPush(event: string, data: any): void {
    if (event === 'connected') return this.onConnected(data as Connected);
    this.tracker.notePush(event, data);
    if (event === 'server_shutdown') this.shutdownHintMs = typeof data?.reconnect_after_ms === 'number' ? data.reconnect_after_ms : 1000;
    this.emit(event, data, true);
  }

  private onConnected(data: Connected): void {
    const before = this.tracker.gameRooms();
    const reconnect = this.everConnected;
    this.me = data;
    this.everConnected = true;
    this.shutdownHintMs = null;
    this.tracker.setMembership(data.rooms);
    this.emit('connected', data, true);
    this.setStatus('connected');
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
    if (reconnect) for (const roomId of before) void this.resync(roomId);
  }

  private async resync(roomId: RoomId): Promise<void> {
    const since = this.tracker.versionOf(roomId) ?? 0;
    let out: Resync;
    try {
      const reply = await this.request('sync', { room_id: roomId, since_version: since });
      if (reply.full) out = { room_id: roomId, since_version: since, ok: true, version: reply.version, state: reply.state, reply };
      else if (reply.events.length === 0) out = { room_id: roomId, since_version: since, ok: true, version: reply.version, events: [], reply };
      else {
        // Log events carry no payloads, so the current view comes with them.
        const now = await this.request('get_game_state', { room_id: roomId });
        out = { room_id: roomId, since_version: since, ok: true, version: now.version, events: reply.events, state: now.state, reply };
      }
    } catch (e) {
      const error = isParlorClientError(e) ? e : new ParlorClientError('INTERNAL', String(e));
      out = { room_id: roomId, since_version: since, ok: false, error };
    }
    this.emit('resynced', out);
  }

  private onDisconnect(reason: string): void {
    this.failPending((p) => p.live, `The connection dropped (${reason}) before the reply`);
    if (this.current === 'closed') return;
    if (this.socket.active) return this.setStatus('reconnecting', reason);
    // The server closed the socket. After `server_shutdown` come back when it said; else stay down.
    if (this.shutdownHintMs !== null && (this.opts.reconnection ?? true)) {
      this.setStatus('reconnecting', reason);
      setTimeout(() => {
        if (this.current === 'reconnecting') this.socket.connect();
      }, this.shutdownHintMs);
      return;
    }
    this.setStatus('disconnected', reason);
    this.failWaiters(new ParlorClientError('DISCONNECTED', `Disconnected (${reason})`));
  }

  private onConnectError(err: Error & { data?: unknown }): void {
    if (this.socket.active) {
      if (this.everConnected) this.setStatus('reconnecting', err.message);
      return;
    }
    // Refused by the server (auth, rate limit): no automatic retry.
    const code = /^[A-Z_]+$/.test(err.message) ? (err.message as ErrorBody['code']) : 'INTERNAL';
    const e = new ParlorClientError(code, `Connection refused: ${err.message}`);
    this.setStatus('disconnected', err.message);
    this.failWaiters(e);
    this.failPending(() => true, `Connection refused: ${err.message}`);
  }

  private failPending(which: (p: Pending) => boolean, message: string): void {
    for (const p of [...this.pending]) {
      if (!which(p)) continue;
      clearTimeout(p.timer);
      this.pending.delete(p);
      p.fail(new ParlorClientError('DISCONNECTED', message, { event: p.event }));
    }
  }

  private failWaiters(e: ParlorClientError): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(e);
  }

  private setStatus(status: ConnectionStatus, reason?: string): void {
    if (this.current === status) return;
    if (this.current === 'closed' && status !== 'closed') return;
    this.current = status;
    this.emit('connection', { status, ...(reason ? { reason } : {}) });
  }
}
