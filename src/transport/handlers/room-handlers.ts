/** Handlers for SPEC §5 (rooms) and §9 (chat): thin calls into the domain services. */
import type { EventName, EventPayload } from '../../protocol/events.js';
import type { Services } from '../../domain/services.js';
import type { Handler } from '../route.js';

type Table = { [E in EventName]?: Handler<EventPayload<E>> };

export function roomHandlers(s: Services): Table {
  return {
    create_room: async ({ caller }, p) => ({ room: await s.rooms.create(caller, p) }),
    join_room: async ({ caller }, p) => {
      const r = await s.members.join(caller, p, (room) => s.chat.recent(room.room_id));
      // the game as of the join: every later move reaches the joiner as game_state
      return { room: r.view, status: r.status, ...(r.room.game ? { state: s.gameReads.viewIn(r.room, caller.id) } : {}), recent_messages: r.read };
    },
    leave_room: async ({ caller }, p) => {
      await s.members.leave(caller, p.room_id);
      return { room_id: p.room_id };
    },
    get_room: async ({ caller }, p) => ({ room: await s.rooms.view(await s.rooms.visible(p.room_id, caller)) }),
    get_public_rooms: async (_ctx, p) => ({ rooms: await s.rooms.listPublic(p) }),
    list_rooms: async ({ caller }) => ({ rooms: await s.rooms.listAll(caller) }),
    get_user_rooms: async ({ caller }) => ({ rooms: await s.rooms.userRooms(caller) }),
    join_random_game: async ({ caller }, p) => s.matchmaking.joinRandom(caller, p),
    start_game: async ({ caller }, p) => s.games.start(caller, p.room_id),
    kick_player: async ({ caller }, p) => ({ room: await s.members.kick(caller, p) }),
    close_room: async ({ caller }, p) => {
      await s.rooms.close(caller, p.room_id);
      return { room_id: p.room_id };
    },
    update_room: async ({ caller }, p) => ({ room: await s.rooms.update(caller, p) }),

    send_message: async ({ caller }, p) => ({ message: await s.chat.send(caller, p) }),
    get_messages: async ({ caller }, p) => ({ messages: await s.chat.history(caller, p) }),
    join_nearby: async ({ caller }, p) => s.chat.joinNearby(caller, p),
  };
}
