/**
 * Helpers for the game, matchmaking and challenge integration tests: two players in a
 * started room, and HTTP reads of the log. (Servers and clients: fixture.ts.)
 */
import type { TestServer } from './server.js';
import type { TestClient } from './client.js';

export interface StartedRoom {
  room_id: string;
  /** The `start_game` reply. */
  started: { room: any; state: any };
}

/** `a` creates a `gameType` room, `b` joins, `a` starts it. */
export async function startRoom(a: TestClient, b: TestClient, gameType: string, extra: Record<string, unknown> = {}): Promise<StartedRoom> {
  const { room } = await a.ok('create_room', { game_type: gameType, ...extra });
  await b.ok('join_room', { room_id: room.room_id });
  const started = await a.ok('start_game', { room_id: room.room_id });
  return { room_id: room.room_id, started };
}

/** `GET /api/rooms/:id/events?since=N` with `who`'s token. */
export async function httpEvents(server: TestServer, who: TestClient, roomId: string, since?: number): Promise<{ status: number; body: any }> {
  const q = since === undefined ? '' : `?since=${since}`;
  const r = await fetch(`${server.url}/api/rooms/${roomId}/events${q}`, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: r.status, body: await r.json() };
}

/** The `game_state` pushes `c` got for a room, in order. */
export function statesOf(c: TestClient, roomId: string): any[] {
  return c.events('game_state').filter((g) => g.room_id === roomId);
}

/** Index of the first logged `event` matching pred, -1 if none. */
export function indexOf(c: TestClient, event: string, pred: (d: any) => boolean = () => true): number {
  return c.log.findIndex((e) => e.event === event && pred(e.data));
}

/** Calls `probe` until it returns something truthy, or fails after `timeoutMs`. */
export async function poll<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 5000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`poll: nothing within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
