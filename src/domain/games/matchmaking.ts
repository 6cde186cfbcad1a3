/**
 * Quick match (SPEC §5 `join_random_game`) and the automatic start of matchmade rooms.
 * Per game type, matchmaking runs one request at a time (the stores' lock: a queue
 * embedded, a Redis lock across nodes in cluster mode), so concurrent callers fill one room before another is made.
 */
import { fail } from '../../core/errors.js';
import type { Metadata } from '../../protocol/fields.js';
import type { Caller, Deps } from '../deps.js';
import type { MembershipService } from '../rooms/membership-service.js';
import type { RoomRecord } from '../rooms/room-record.js';
import { checkAccess } from '../rooms/room-rules.js';
import type { RoomService } from '../rooms/room-service.js';
import type { Room } from '../rooms/room-view.js';
import { gameTimerKeys, type GameService } from './game-service.js';

export class Matchmaking {
  constructor(
    private readonly d: Deps,
    private readonly rooms: RoomService,
    private readonly members: MembershipService,
    private readonly games: GameService,
  ) {
    d.bus.on('members_changed', (room) => this.checkAutoStart(room));
  }

  async joinRandom(caller: Caller, input: { game_type: string; metadata?: Metadata }): Promise<{ room: Room; status: 'joined' | 'created' }> {
    if (!this.d.games.get(input.game_type)) throw fail.validation('game_type', `Unknown game_type "${input.game_type}"`);
    const wanted = input.metadata ?? {};
    return this.d.stores.lock.run(`match:${input.game_type}`, async () => {
      const open = (await this.d.repo.listOpen()).filter((r) => this.fits(r, caller, input.game_type, wanted));
      const mine = open.find((r) => r.players.some((p) => p.user_id === caller.id));
      if (mine) return { room: await this.rooms.view(mine), status: 'joined' as const };
      open.sort((a, b) => b.players.length - a.players.length || a.created_at - b.created_at);
      for (const candidate of open) {
        try {
          const joined = await this.members.join(caller, { room_id: candidate.room_id });
          return { room: joined.view, status: 'joined' as const };
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code !== 'ROOM_FULL' && code !== 'CONFLICT' && code !== 'ROOM_CLOSED' && code !== 'FORBIDDEN') throw e;
        }
      }
      const room = await this.rooms.create(caller, { game_type: input.game_type, auto_start: true, metadata: wanted });
      return { room, status: 'created' as const };
    });
  }

  private fits(r: RoomRecord, caller: Caller, gameType: string, wanted: Metadata): boolean {
    if (r.game_type !== gameType || r.permission !== 'public' || r.status !== 'waiting' || r.password_hash) return false;
    if (r.players.length >= r.max_players && !r.players.some((p) => p.user_id === caller.id)) return false;
    if (!Object.entries(wanted).every(([k, v]) => r.metadata[k] === v)) return false;
    try {
      checkAccess(r, caller);
      return true;
    } catch {
      return false;
    }
  }

  /** auto_start: full → start now; ≥ min → start after RANDOM_START_DELAY_S; below min → cancel. */
  async checkAutoStart(room: RoomRecord): Promise<void> {
    if (!room.auto_start || room.status !== 'waiting' || !this.d.games.get(room.game_type)) return;
    const timerKey = gameTimerKeys.autostart(room.room_id);
    if (room.players.length >= room.max_players) {
      this.d.pusher.toRoom(room.room_id, 'game_starting', { room_id: room.room_id, starts_at: new Date(this.d.clock.now()).toISOString() });
      await this.games.startNow(room.room_id);
      return;
    }
    if (room.players.length < room.min_players) {
      if (room.starts_at === null) await this.d.stores.scheduler.cancel(timerKey);
      return;
    }
    if (room.starts_at !== null) return;
    const startsAt = this.d.clock.now() + this.d.config.randomStartDelayS * 1000;
    const { changed } = await this.d.repo.update(room.room_id, (draft, tx) => {
      if (draft.status !== 'waiting' || draft.starts_at !== null || draft.players.length < draft.min_players) return tx.skip();
      draft.starts_at = startsAt;
    });
    if (!changed) return;
    await this.d.stores.scheduler.schedule({ key: timerKey, kind: 'auto_start', due_at: startsAt, data: { room_id: room.room_id } });
    this.d.pusher.toRoom(room.room_id, 'game_starting', { room_id: room.room_id, starts_at: new Date(startsAt).toISOString() });
  }

  async onAutoStartTimer(roomId: string): Promise<void> {
    const room = await this.d.repo.get(roomId);
    if (!room || room.status !== 'waiting' || room.starts_at === null) return;
    await this.games.startNow(roomId);
  }
}
