/**
 * The storage ports: small, async-only interfaces. The domain talks to the outside only
 * through these. Each has an embedded adapter (memory + SQLite) and a cluster adapter.
 */
import type { ChallengeId, RoomId, UserId } from '../core/ids.js';
import type { RoomRecord } from '../domain/rooms/room-record.js';

/** One accepted game step, as stored in the room's event log. */
export interface GameEvent {
  room_id: RoomId;
  version: number;
  /** null for server steps (deadline); the timed-out player for timeouts. */
  user_id: UserId | null;
  action: string;
  payload: unknown;
  result?: unknown;
  action_id: string | null;
  ts: number;
}

/** Live room state with compare-and-set on `rev`. */
export interface RoomStore {
  get(roomId: RoomId): Promise<RoomRecord | null>;
  /**
   * Stores `room` if the stored rev equals `expectedRev` (null: the room must not exist yet),
   * appending `events` to the log in the same atomic step. Returns false on a conflict.
   */
  commit(room: RoomRecord, expectedRev: number | null, events?: GameEvent[]): Promise<boolean>;
  /**
   * Optional (cluster mode): this process's copy of the room as it last saw it stored,
   * possibly stale, or undefined. A change made on it is stored with `commitOnCopy`.
   */
  copyOf?(roomId: RoomId): RoomRecord | undefined;
  /**
   * Optional, with `copyOf`: `commit` of a change made on a copy, in one atomic step with
   * the check that `action` (a client's action id) was not stored before. Returns true
   * when stored, the stored event when that action was stored before, and false when
   * nothing was stored and the change must be made again on a fresh read (the copy was
   * stale, the room is not in the live store, or the store cannot tell about the action).
   */
  commitOnCopy?(room: RoomRecord, expectedRev: number, events: GameEvent[], action: { user_id: UserId; action_id: string } | null): Promise<boolean | GameEvent>;
  /** Every room that is not closed. */
  listOpen(): Promise<RoomRecord[]>;
  /** Ids of the open rooms `userId` is a member of. */
  roomsOf(userId: UserId): Promise<RoomId[]>;
}

export interface EventLog {
  /** Events with version > since, oldest first (at most `limit`). */
  since(roomId: RoomId, since: number, limit?: number): Promise<GameEvent[]>;
  /** The event an earlier request with this action_id produced, if any. */
  byActionId(roomId: RoomId, userId: UserId, actionId: string): Promise<GameEvent | null>;
}

export interface ChatMessage {
  id: string;
  room_id: RoomId;
  user_id: UserId;
  name: string;
  text: string;
  ts: number;
  client_msg_id: string | null;
}

export interface ChatStore {
  /** Appends a message; with a client_msg_id already used by this user in this room, returns the first one instead. */
  append(msg: Omit<ChatMessage, 'id'>): Promise<{ message: ChatMessage; duplicate: boolean }>;
  /** Up to `limit` messages before `beforeId` (or the newest), oldest first. */
  page(roomId: RoomId, opts: { beforeId?: string; limit: number }): Promise<ChatMessage[]>;
  /** Latest message time per room (for idle TTLs after a restart). */
  lastActivity(roomId: RoomId): Promise<number | null>;
}

export interface MatchRecord {
  room_id: RoomId;
  game_type: string;
  players: UserId[];
  result: unknown;
  ended_at: number;
}

export interface MatchStore {
  record(match: MatchRecord): Promise<void>;
  forUser(userId: UserId, limit: number): Promise<MatchRecord[]>;
}

export type ChallengeStatus = 'pending' | 'accepted' | 'declined' | 'cancelled' | 'expired';

export interface ChallengeRecord {
  challenge_id: ChallengeId;
  from_user_id: UserId;
  to_user_id: UserId;
  game_type: string;
  duration_s: number;
  message?: string;
  status: ChallengeStatus;
  created_at: number;
  expires_at: number;
  room_id?: RoomId;
}

export interface ChallengeStore {
  create(c: ChallengeRecord): Promise<void>;
  get(id: ChallengeId): Promise<ChallengeRecord | null>;
  /** Moves a pending challenge to `status` (and room) atomically; false if it was no longer pending. */
  settle(id: ChallengeId, status: Exclude<ChallengeStatus, 'pending'>, roomId?: RoomId): Promise<boolean>;
  pendingFor(userId: UserId): Promise<ChallengeRecord[]>;
  pendingFrom(userId: UserId): Promise<ChallengeRecord[]>;
}

export interface UserRecord {
  user_id: UserId;
  name: string;
  last_seen: number;
}

export interface UserStore {
  upsert(u: UserRecord): Promise<void>;
  get(userId: UserId): Promise<UserRecord | null>;
}

/** A durable timer: data, never only a setTimeout, so restarts and node deaths do not lose it. */
export interface Timer {
  key: string;
  kind: string;
  due_at: number;
  data: Record<string, unknown>;
}

export interface Scheduler {
  /** Creates or replaces the timer with this key. */
  schedule(t: Timer): Promise<void>;
  cancel(key: string): Promise<void>;
  /** Starts firing due timers into `handler` (each once; a throwing handler is retried later). */
  start(handler: (t: Timer) => Promise<void>): void;
  stop(): Promise<void>;
}

export type PresenceStatus = 'online' | 'away' | 'busy' | 'offline';

export interface PresenceEntry {
  status: PresenceStatus;
  text?: string;
  last_seen: number;
}

export interface PresenceStore {
  /** Registers a socket; returns true when the user just came online. */
  connect(userId: UserId, socketId: string, now: number): Promise<boolean>;
  /** Unregisters a socket; returns true when it was the user's last one. */
  disconnect(userId: UserId, socketId: string, now: number): Promise<boolean>;
  setStatus(userId: UserId, status: Exclude<PresenceStatus, 'offline'>, text: string | undefined, now: number): Promise<void>;
  get(userIds: UserId[]): Promise<Record<UserId, PresenceEntry>>;
  /** Which of these users have a socket on any node (what a room view shows; cheaper than `get`: no status). */
  online(userIds: UserId[]): Promise<Set<UserId>>;
  isOnline(userId: UserId): Promise<boolean>;
  counts(): Promise<{ connections: number; users_online: number }>;
  /**
   * Whether every socket of the user is connected to this process, as the shared presence
   * lists them at this instant: then a change of their channels, or a push to them alone,
   * need not reach the other processes. False when unsure (no socket anywhere, one
   * registering or leaving, one elsewhere). Read after the change it is for: a socket
   * registers before it reads its rooms (transport/socket-server.ts), so one of the two
   * sees the other.
   */
  onlyHere(userId: UserId): Promise<boolean>;
}

export interface RateDecision {
  ok: boolean;
  retryAfterMs: number;
}

/** A token bucket: points per second, and how many may be spent at once. */
export interface BucketLimit {
  perSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Takes one point from `key` under `limit`. */
  consume(key: string, limit: BucketLimit): Promise<RateDecision>;
  /** Counts events in a sliding window of `windowMs`; ok while ≤ max. */
  window(key: string, max: number, windowMs: number): Promise<RateDecision>;
}

/** A mutex by key (in-process queue embedded; a Redis lock in cluster mode). */
export interface Lock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** Everything the domain needs, wired by the composition root. */
export interface Stores {
  rooms: RoomStore;
  events: EventLog;
  chat: ChatStore;
  matches: MatchStore;
  challenges: ChallengeStore;
  users: UserStore;
  scheduler: Scheduler;
  presence: PresenceStore;
  rates: RateLimiter;
  lock: Lock;
  /** Live server processes sharing this state (1 embedded). */
  nodes(): Promise<number>;
  /** Store names that do not answer (for /ready). */
  health(): Promise<string[]>;
  close(): Promise<void>;
}
