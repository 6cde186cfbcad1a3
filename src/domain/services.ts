/** All domain services, built from one set of dependencies. */
import type { Deps } from './deps.js';
import { ChallengeService } from './challenges/challenge-service.js';
import { ChatService } from './chat/chat-service.js';
import { FeedService, type StatsSource } from './feeds/feed-service.js';
import { GameService } from './games/game-service.js';
import { GameReads } from './games/game-reads.js';
import { Matchmaking } from './games/matchmaking.js';
import { PresenceService } from './presence/presence-service.js';
import { MembershipService } from './rooms/membership-service.js';
import { RoomService } from './rooms/room-service.js';
import { SignallingService } from './signalling/signalling-service.js';
import type { Timer } from '../store/ports.js';

export interface Services {
  rooms: RoomService;
  members: MembershipService;
  chat: ChatService;
  presence: PresenceService;
  games: GameService;
  gameReads: GameReads;
  matchmaking: Matchmaking;
  challenges: ChallengeService;
  signalling: SignallingService;
  feeds: FeedService;
  /** Runs one due durable timer. */
  onTimer(t: Timer): Promise<void>;
}

export function createServices(d: Deps, opts: { stats: StatsSource }): Services {
  const rooms = new RoomService(d);
  const members = new MembershipService(d, rooms);
  const games = new GameService(d, rooms);
  members.beforeLeaveActive = (room, userId) => games.forfeit(room, userId);
  const matchmaking = new Matchmaking(d, rooms, members, games);
  const challenges = new ChallengeService(d, rooms, games);
  const services: Services = {
    rooms,
    members,
    chat: new ChatService(d, rooms, members),
    presence: new PresenceService(d, members),
    games,
    gameReads: new GameReads(d),
    matchmaking,
    challenges,
    signalling: new SignallingService(d),
    feeds: new FeedService(d, rooms, opts.stats),
    async onTimer(t: Timer) {
      const roomId = String(t.data.room_id ?? '');
      switch (t.kind) {
        case 'room_idle':
          return rooms.onIdleTimer(roomId);
        case 'room_empty':
          return rooms.onEmptyTimer(roomId);
        case 'reconnect_grace':
          return members.onGraceTimer(roomId, String(t.data.user_id));
        case 'auto_start':
          return matchmaking.onAutoStartTimer(roomId);
        case 'turn_timeout':
          return games.onTurnTimer(roomId, Number(t.data.version));
        case 'game_deadline':
          return games.onDeadline(roomId);
        case 'challenge_expiry':
          return challenges.expire(String(t.data.challenge_id));
        default:
          d.log.warn({ kind: t.kind }, 'unknown timer kind');
      }
    },
  };
  return services;
}
