/**
 * Live feeds (SPEC §11): `lobby` (public room list, at most once a second when it changes),
 * `stats` (every 2 s), `chsh_dashboard` (host/admin; on CHSH statistic changes, at most
 * 2 per second). Each node builds a feed only when it has subscribers of its own, and
 * pushes it to them alone; a change made on one node reaches the others as a notice (at
 * most one per topic every NOTICE_INTERVAL_MS), on which each rebuilds for its
 * subscribers. HTTP `/api/broadcast` pushes an admin's event to a topic on every node.
 */
import { fail } from '../../core/errors.js';
import type { Caller, Deps } from '../deps.js';
import type { RoomService } from '../rooms/room-service.js';

export const TOPICS = ['lobby', 'stats', 'chsh_dashboard'] as const;
export type Topic = (typeof TOPICS)[number];

const LOBBY_MIN_INTERVAL_MS = 1000;
const STATS_INTERVAL_MS = 2000;
const CHSH_MIN_INTERVAL_MS = 500;
/** How often a node may tell the others that a feed changed. */
const NOTICE_INTERVAL_MS = 250;

export interface StatsSource {
  stats(): Promise<unknown>;
}

/** Sends at most once per interval, trailing: the last change is never lost. */
class Throttle {
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly send: () => Promise<void>,
    private readonly onError: (e: unknown) => void,
  ) {}

  poke(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.last = Date.now();
      this.send().catch(this.onError);
    }, wait);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The topics rebuilt when something changes (stats run on a clock instead). */
type ChangingTopic = 'lobby' | 'chsh_dashboard';

/** A changing feed: rebuilt here for this node's subscribers, and announced to the other nodes. */
interface ChangingFeed {
  build: Throttle;
  /** null in one process: there is nobody to tell. */
  notice: Throttle | null;
}

export class FeedService {
  private readonly changing: Record<ChangingTopic, ChangingFeed>;
  private statsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly d: Deps,
    private readonly rooms: RoomService,
    private readonly statsSource: StatsSource,
  ) {
    const onError = (err: unknown) => d.log.error({ err }, 'feed update failed');
    // a feed nobody listens to is not built (a new subscriber gets a snapshot: greet below)
    const feed = (topic: ChangingTopic, intervalMs: number): ChangingFeed => ({
      build: new Throttle(intervalMs, () => this.push(topic), onError),
      notice: d.pusher.clustered ? new Throttle(NOTICE_INTERVAL_MS, async () => d.pusher.announce(topic), onError) : null,
    });
    this.changing = { lobby: feed('lobby', LOBBY_MIN_INTERVAL_MS), chsh_dashboard: feed('chsh_dashboard', CHSH_MIN_INTERVAL_MS) };
    d.bus.on('lobby_changed', () => this.changed('lobby'));
    d.bus.on('game_changed', (room) => {
      if (room.game_type === 'chsh') this.changed('chsh_dashboard');
    });
    // A closed team leaves the dashboard (else it would linger until another team moves).
    d.bus.on('room_closed', (room) => {
      if (room.game_type === 'chsh' && room.game) this.changed('chsh_dashboard');
    });
    // another node's change: rebuild for this node's subscribers (never announced again)
    d.pusher.onAnnounce((topic) => {
      if (topic === 'lobby' || topic === 'chsh_dashboard') this.changing[topic].build.poke();
    });
  }

  /** A change made on this node. */
  private changed(topic: ChangingTopic): void {
    this.changing[topic].build.poke();
    this.changing[topic].notice?.poke();
  }

  start(): void {
    this.statsTimer = setInterval(() => {
      this.push('stats').catch((err) => this.d.log.error({ err }, 'stats feed failed'));
    }, STATS_INTERVAL_MS);
    this.statsTimer.unref();
  }

  stop(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    for (const f of Object.values(this.changing)) {
      f.build.stop();
      f.notice?.stop();
    }
  }

  /** Checks a subscription; returns the topic. */
  authorize(caller: Caller, topic: string): Topic {
    if (!(TOPICS as readonly string[]).includes(topic)) throw fail.notFound('Topic');
    if (topic === 'chsh_dashboard' && !caller.roles.some((r) => r === 'host' || r === 'admin')) throw fail.forbidden('The CHSH dashboard is for hosts and admins');
    return topic as Topic;
  }

  isTopic(topic: string): topic is Topic {
    return (TOPICS as readonly string[]).includes(topic);
  }

  /** Every CHSH team's statistics, as a spectator's view shows them. */
  async chshDashboard(): Promise<{ teams: unknown[] }> {
    const module = this.d.games.get('chsh');
    if (!module) return { teams: [] };
    const teams = (await this.d.repo.listOpen())
      .filter((r) => r.game_type === 'chsh' && r.game && r.status !== 'closed')
      .map((r) => {
        const view = module.view(r.game!.state, { user_id: '', seat: null }) as { history?: unknown[]; stats?: unknown };
        const teamName = typeof r.metadata.team_name === 'string' ? r.metadata.team_name : r.room_id;
        return { room_id: r.room_id, team_name: teamName, rounds_played: view.history?.length ?? 0, stats: view.stats ?? null };
      });
    return { teams };
  }

  /**
   * Sends the topic's current picture to one new subscriber, just after its `subscribe`
   * reply (so a client that starts listening when the reply comes misses nothing). Without
   * it a dashboard would stay empty until the next change, and `stats` for up to 2 s.
   */
  greet(topic: Topic, push: (event: string, data: unknown) => void): void {
    setImmediate(() => {
      this.snapshot(topic)
        .then((snap) => push(snap.event, snap.data))
        .catch((err) => this.d.log.error({ err, topic }, 'feed snapshot failed'));
    });
  }

  /** The topic's current picture to this node's subscribers, if it has any. */
  private async push(topic: Topic): Promise<void> {
    if (!this.d.pusher.hasLocalSubscribers(topic)) return;
    const snap = await this.snapshot(topic);
    this.d.pusher.toLocalTopic(topic, snap.event, snap.data);
  }

  /** What a new subscriber gets at once (so a dashboard is not empty until the next change). */
  async snapshot(topic: Topic): Promise<{ event: string; data: unknown }> {
    if (topic === 'lobby') return { event: 'lobby_update', data: { rooms: await this.rooms.listPublic({ has_space: false, include_active: true, limit: 200 }) } };
    if (topic === 'stats') return { event: 'stats_update', data: await this.statsSource.stats() };
    return { event: 'chsh_dashboard', data: await this.chshDashboard() };
  }
}
