/**
 * The read side of the engine (SPEC §7): the caller's view of the state, `sync`, the
 * event log over HTTP, module queries and match history. Every path shows only what the
 * module's `view` (and, for step results, being the actor) allows.
 */
import { ParlorError, fail } from '../../core/errors.js';
import type { GameModule } from '../../games/game-module.js';
import { validationError } from '../../protocol/validation.js';
import type { Caller, Deps } from '../deps.js';
import type { RoomRecord } from '../rooms/room-record.js';
import { isMember } from '../rooms/room-record.js';
import { eventFor, rejection, viewFor, viewerIn } from './game-engine.js';

/** Above this many missing events, `sync` answers with the full state instead. */
const SYNC_MAX_EVENTS = 500;

export class GameReads {
  constructor(private readonly d: Deps) {}

  private module(room: RoomRecord): GameModule {
    return this.d.games.ofRoom(room);
  }

  /** A module's read-only query (e.g. `get_lineup`), answered with the caller's view. */
  async query(caller: Caller, event: string, input: { room_id: string } & Record<string, unknown>): Promise<unknown> {
    const { room_id, ...payload } = input;
    const room = await this.readable(caller, room_id);
    const def = this.module(room).queries?.[event];
    if (!def) throw new ParlorError('INVALID_MOVE', `${event} is not a query of ${room.game_type}`, { reason: 'UNKNOWN_ACTION' });
    const parsed = def.schema.safeParse(payload);
    if (!parsed.success) throw validationError(parsed.error);
    const out = def.run(room.game!.state, parsed.data, viewerIn(room, caller.id));
    if ('data' in out) return out.data;
    const refused = rejection(out);
    if (refused) throw refused;
    return {};
  }

  async state(caller: Caller, roomId: string): Promise<{ version: number; state: unknown }> {
    const room = await this.readable(caller, roomId);
    return { version: room.version, state: this.viewIn(room, caller.id) };
  }

  /** The caller's view of the game in `room` as given (read by the caller, or a room they have just joined). */
  viewIn(room: RoomRecord, callerId: string): unknown {
    return viewFor(this.module(room), room, callerId);
  }

  async sync(caller: Caller, input: { room_id: string; since_version: number }): Promise<unknown> {
    const room = await this.readable(caller, input.room_id);
    const missing = room.version - input.since_version;
    if (missing >= 0 && missing <= SYNC_MAX_EVENTS) {
      const events = await this.d.stores.events.since(room.room_id, input.since_version, SYNC_MAX_EVENTS);
      if (events.length === missing && (missing === 0 || events[0]!.version === input.since_version + 1)) {
        return { version: room.version, events: events.map((e) => { const { ts: _ts, ...rest } = eventFor(e, caller.id); return rest; }) };
      }
    }
    return { version: room.version, state: this.viewIn(room, caller.id), full: true };
  }

  /** Log events for a member (HTTP `/api/rooms/:id/events`). */
  async events(caller: Caller, roomId: string, since: number): Promise<unknown[]> {
    const room = await this.d.repo.get(roomId);
    if (!room) throw fail.notFound('Room');
    // A private room's existence is not revealed to outsiders (as GET /api/rooms/:id).
    if (!isMember(room, caller.id)) throw room.permission === 'private' ? fail.notFound('Room') : fail.forbidden('Only members may read the event log');
    return (await this.d.stores.events.since(roomId, since)).map((e) => eventFor(e, caller.id));
  }

  private async readable(caller: Caller, roomId: string): Promise<RoomRecord> {
    const room = await this.d.repo.require(roomId);
    if (!isMember(room, caller.id)) throw room.permission === 'private' ? fail.notFound('Room') : fail.notInRoom();
    this.module(room);
    if (!room.game) throw new ParlorError('GAME_NOT_STARTED', 'The game has not started');
    return room;
  }

  async matchHistory(caller: Caller, limit: number): Promise<unknown[]> {
    const matches = await this.d.stores.matches.forUser(caller.id, limit);
    return matches.map((m) => ({ room_id: m.room_id, game_type: m.game_type, players: m.players, result: m.result, ended_at: new Date(m.ended_at).toISOString() }));
  }
}
