/** Player-to-player challenges (SPEC §10): send, answer, cancel, expire; accepting starts a private game. */
import { randomUUID } from 'node:crypto';
import { ParlorError, fail } from '../../core/errors.js';
import { iso } from '../../core/time.js';
import type { ChallengeRecord } from '../../store/ports.js';
import type { Caller, Deps } from '../deps.js';
import type { GameService } from '../games/game-service.js';
import type { RoomService } from '../rooms/room-service.js';
import type { Room } from '../rooms/room-view.js';

export const MAX_PENDING_OUTGOING = 5;
const DEFAULT_GAME = 'score_challenge';
const DEFAULT_DURATION_S = 300;

export interface ChallengeView {
  challenge_id: string;
  from_user_id: string;
  to_user_id: string;
  game_type: string;
  duration_s: number;
  message?: string;
  status: ChallengeRecord['status'];
  created_at: string;
  expires_at: string;
}

export function challengeView(c: ChallengeRecord): ChallengeView {
  return {
    challenge_id: c.challenge_id,
    from_user_id: c.from_user_id,
    to_user_id: c.to_user_id,
    game_type: c.game_type,
    duration_s: c.duration_s,
    ...(c.message ? { message: c.message } : {}),
    status: c.status,
    created_at: iso(c.created_at),
    expires_at: iso(c.expires_at),
  };
}

const timerKey = (id: string) => `challenge:${id}`;

export class ChallengeService {
  constructor(
    private readonly d: Deps,
    private readonly rooms: RoomService,
    private readonly games: GameService,
  ) {}

  async create(caller: Caller, input: { target_user_id: string; game_type?: string; duration_s?: number; message?: string }): Promise<ChallengeView> {
    if (input.target_user_id === caller.id) throw fail.validation('target_user_id', 'You cannot challenge yourself');
    const gameType = input.game_type ?? DEFAULT_GAME;
    const module = this.d.games.get(gameType);
    if (!module) throw fail.validation('game_type', `Unknown game_type "${gameType}"`);
    if (module.minPlayers > 2 || module.maxPlayers < 2) throw fail.validation('game_type', `${gameType} is not a two-player game`);
    if (!(await this.d.stores.users.get(input.target_user_id))) throw fail.notFound('User');
    const pending = await this.d.stores.challenges.pendingFrom(caller.id);
    const now = this.d.clock.now();
    const live = pending.filter((c) => c.expires_at > now);
    if (live.length >= MAX_PENDING_OUTGOING) {
      const soonest = Math.min(...live.map((c) => c.expires_at));
      throw new ParlorError('RATE_LIMITED', `At most ${MAX_PENDING_OUTGOING} pending challenges`, { retryAfterMs: Math.max(1, soonest - now) });
    }
    const c: ChallengeRecord = {
      challenge_id: `ch_${randomUUID()}`,
      from_user_id: caller.id,
      to_user_id: input.target_user_id,
      game_type: gameType,
      duration_s: input.duration_s ?? DEFAULT_DURATION_S,
      ...(input.message ? { message: input.message } : {}),
      status: 'pending',
      created_at: now,
      expires_at: now + this.d.config.challengeTtlS * 1000,
    };
    await this.d.stores.challenges.create(c);
    await this.d.stores.scheduler.schedule({ key: timerKey(c.challenge_id), kind: 'challenge_expiry', due_at: c.expires_at, data: { challenge_id: c.challenge_id } });
    const view = challengeView(c);
    this.d.pusher.toUser(c.to_user_id, 'challenge_received', { challenge: view });
    return view;
  }

  async respond(caller: Caller, input: { challenge_id: string; accept: boolean }): Promise<{ challenge: ChallengeView; room?: Room }> {
    const c = await this.visible(caller, input.challenge_id);
    if (c.to_user_id !== caller.id) throw fail.forbidden('Only the challenged player may answer');
    if (c.status === 'pending' && c.expires_at <= this.d.clock.now()) {
      await this.expire(c.challenge_id);
      throw fail.conflict('The challenge has expired');
    }
    if (!(await this.d.stores.challenges.settle(c.challenge_id, input.accept ? 'accepted' : 'declined'))) throw fail.conflict('The challenge was already answered');
    await this.d.stores.scheduler.cancel(timerKey(c.challenge_id));
    if (!input.accept) {
      const view = challengeView({ ...c, status: 'declined' });
      this.toBoth(c, 'challenge_declined', { challenge: view });
      return { challenge: view };
    }
    const room = await this.openRoom(c, caller);
    const view = challengeView({ ...c, status: 'accepted', room_id: room.room_id });
    this.toBoth(c, 'challenge_accepted', { challenge: view, room });
    return { challenge: view, room };
  }

  /** The private room both players land in: challenger in seat 0, started at once. */
  private async openRoom(c: ChallengeRecord, target: Caller): Promise<Room> {
    const challenger = await this.d.stores.users.get(c.from_user_id);
    const now = this.d.clock.now();
    const owner: Caller = { id: c.from_user_id, name: challenger?.name ?? c.from_user_id, roles: [] };
    const record = await this.rooms.build(
      owner,
      { game_type: c.game_type, permission: 'private', allowed_users: [c.from_user_id, c.to_user_id], max_players: 2, min_players: 2, metadata: c.game_type === DEFAULT_GAME ? { duration_s: c.duration_s } : {} },
      {},
    );
    record.players.push({ user_id: target.id, name: target.name, seat: 1, joined_at: now });
    await this.rooms.insert(record);
    const started = await this.games.startNow(record.room_id);
    return this.rooms.view(started ?? (await this.d.repo.require(record.room_id)));
  }

  async cancel(caller: Caller, challengeId: string): Promise<ChallengeView> {
    const c = await this.visible(caller, challengeId);
    if (c.from_user_id !== caller.id) throw fail.forbidden('Only the challenger may cancel');
    if (!(await this.d.stores.challenges.settle(c.challenge_id, 'cancelled'))) throw fail.conflict('The challenge was already answered');
    await this.d.stores.scheduler.cancel(timerKey(c.challenge_id));
    const view = challengeView({ ...c, status: 'cancelled' });
    this.toBoth(c, 'challenge_cancelled', { challenge: view });
    return view;
  }

  async expire(challengeId: string): Promise<void> {
    const c = await this.d.stores.challenges.get(challengeId);
    if (!c || c.status !== 'pending') return;
    if (!(await this.d.stores.challenges.settle(challengeId, 'expired'))) return;
    this.toBoth(c, 'challenge_expired', { challenge: challengeView({ ...c, status: 'expired' }) });
  }

  async pendingFor(userId: string): Promise<ChallengeView[]> {
    const now = this.d.clock.now();
    return (await this.d.stores.challenges.pendingFor(userId)).filter((c) => c.expires_at > now).map(challengeView);
  }

  private async visible(caller: Caller, id: string): Promise<ChallengeRecord> {
    const c = await this.d.stores.challenges.get(id);
    if (!c || (c.from_user_id !== caller.id && c.to_user_id !== caller.id)) throw fail.notFound('Challenge');
    return c;
  }

  private toBoth(c: ChallengeRecord, event: string, data: unknown): void {
    this.d.pusher.toUser(c.from_user_id, event, data);
    this.d.pusher.toUser(c.to_user_id, event, data);
  }
}
