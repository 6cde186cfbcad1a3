/** Handlers for identity (§3), presence (§6), challenges (§10), signalling and feeds (§11). */
import { ParlorError } from '../../core/errors.js';
import type { EventName, EventPayload } from '../../protocol/events.js';
import type { Services } from '../../domain/services.js';
import type { TokenService } from '../tokens.js';
import type { Handler } from '../route.js';

type Table = { [E in EventName]?: Handler<EventPayload<E>> };

export function sessionHandlers(s: Services, tokens: TokenService): Table {
  return {
    refresh_token: async ({ caller, session }, p) => {
      const next = await tokens.verify(p.token);
      if (next.id !== caller.id) throw new ParlorError('FORBIDDEN', 'The token belongs to another user');
      session.setExpiry(next.expiresAt);
      return { expires_at: next.expiresAt === null ? null : new Date(next.expiresAt).toISOString() };
    },
    heartbeat: async () => ({ server_time: new Date().toISOString() }),

    set_status: async ({ caller }, p) => {
      await s.presence.setStatus(caller, p);
      return {};
    },
    get_presence: async (_ctx, p) => ({ presence: await s.presence.get(p.user_ids) }),

    challenge_player: async ({ caller }, p) => ({ challenge: await s.challenges.create(caller, p) }),
    respond_to_challenge: async ({ caller }, p) => s.challenges.respond(caller, p),
    cancel_challenge: async ({ caller }, p) => ({ challenge: await s.challenges.cancel(caller, p.challenge_id) }),

    webrtc_offer: async ({ caller }, p) => s.signalling.relay(caller, 'webrtc_offer', p),
    webrtc_answer: async ({ caller }, p) => s.signalling.relay(caller, 'webrtc_answer', p),
    ice_candidate: async ({ caller }, p) => s.signalling.relay(caller, 'ice_candidate', p),

    subscribe: async ({ caller, session }, p) => {
      const topic = s.feeds.authorize(caller, p.topic);
      session.joinTopic(topic);
      s.feeds.greet(topic, (event, data) => session.push(event, data));
      return { topic };
    },
    unsubscribe: async ({ session }, p) => {
      if (!s.feeds.isTopic(p.topic)) throw new ParlorError('NOT_FOUND', 'Topic not found');
      session.leaveTopic(p.topic);
      return { topic: p.topic };
    },
  };
}
