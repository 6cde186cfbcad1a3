/**
 * Challenges the user has sent and received (SPEC §10), kept current from the server's
 * pushes, with a change callback for the header badge and the challenges page.
 */
import type { Challenge, ParlorClient, Room } from '../../client/index.js';

export class ChallengeStore {
  private readonly items = new Map<string, Challenge>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly client: ParlorClient,
    private readonly myId: string,
    hooks: { received(c: Challenge): void; accepted(c: Challenge, room: Room): void; ended(c: Challenge): void },
  ) {
    client.on('connected', (c) => {
      for (const ch of c.pending_challenges) this.put(ch);
      this.changed();
    });
    client.on('challenge_received', ({ challenge }) => {
      this.put(challenge);
      hooks.received(challenge);
    });
    client.on('challenge_accepted', ({ challenge, room }) => {
      this.put(challenge);
      hooks.accepted(challenge, room);
    });
    for (const ev of ['challenge_declined', 'challenge_cancelled', 'challenge_expired'] as const) {
      client.on(ev, ({ challenge }) => {
        this.put(challenge);
        hooks.ended(challenge);
      });
    }
  }

  put(c: Challenge): void {
    this.items.set(c.challenge_id, c);
    this.changed();
  }

  incoming(): Challenge[] {
    return this.list((c) => c.to_user_id === this.myId && c.status === 'pending');
  }

  outgoing(): Challenge[] {
    return this.list((c) => c.from_user_id === this.myId && c.status === 'pending');
  }

  /** Answered, cancelled or expired, newest first. */
  past(): Challenge[] {
    return this.list((c) => c.status !== 'pending').slice(0, 10);
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async respond(id: string, accept: boolean): Promise<Room | undefined> {
    const r = await this.client.request('respond_to_challenge', { challenge_id: id, accept });
    this.put(r.challenge);
    return r.room;
  }

  async send(input: { target_user_id: string; game_type: string; duration_s?: number; message?: string }): Promise<Challenge> {
    const { challenge } = await this.client.request('challenge_player', input);
    this.put(challenge);
    return challenge;
  }

  async cancel(id: string): Promise<void> {
    const { challenge } = await this.client.request('cancel_challenge', { challenge_id: id });
    this.put(challenge);
  }

  private list(pred: (c: Challenge) => boolean): Challenge[] {
    return [...this.items.values()].filter(pred).sort((a, b) => b.created_at.localeCompare(a.created_at));
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}
