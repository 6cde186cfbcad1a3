/**
 * The lobby: quick match per game, the live list of public rooms (`subscribe lobby`),
 * the user's own rooms, and creating a room.
 */
import type { RoomSummary } from '../../client/index.js';
import type { App, Page } from '../app-context.js';
import { busy, errorText, fill, h, shortId } from '../dom.js';
import { GAMES, gameTitle } from '../games.js';
import { createRoomForm } from '../parts/create-room-form.js';
import { icon } from '../icons.js';

export const lobbyPage: Page = (app, el) => {
  const { client } = app;
  const list = h('div', { class: 'room-list', 'aria-busy': 'true' }, h('p', { class: 'muted' }, h('span', { class: 'spinner small' }), ' Loading rooms…'));
  const mine = h('div', { class: 'room-list compact' });
  const mineCard = h('section', { class: 'card', hidden: true }, h('h2', null, 'Your rooms'), mine);

  const quick = h('div', { class: 'game-grid' });
  for (const g of GAMES) {
    const play = h('button', { class: 'btn primary', dataset: { quickMatch: g.type } }, 'Quick match');
    play.addEventListener('click', () =>
      busy(play, async () => {
        play.textContent = 'Finding a game…';
        try {
          const { room } = await client.request('join_random_game', { game_type: g.type });
          app.rememberRoom(room);
          app.go(`/room/${room.room_id}`);
        } finally {
          play.textContent = 'Quick match';
        }
      }),
    );
    quick.append(
      h('article', { class: 'game-card' }, h('div', { class: 'game-icon', 'aria-hidden': 'true' }, icon(g.icon, 24)), h('h3', null, g.title), h('p', { class: 'muted' }, g.blurb), h('div', { class: 'game-card-foot' }, h('span', { class: 'pill' }, g.players), play)),
    );
  }

  const row = (r: RoomSummary, own: boolean) => {
    const full = r.player_count >= r.max_players;
    const label = typeof r.metadata.team_name === 'string' && r.metadata.team_name ? r.metadata.team_name : `Room ${shortId(r.room_id)}`;
    const actions = h('div', { class: 'row-actions' });
    if (own) actions.append(h('a', { class: 'btn small primary', href: `#/room/${r.room_id}` }, 'Open'));
    else {
      if (r.status === 'waiting' && !full) actions.append(h('a', { class: 'btn small primary', href: `#/room/${r.room_id}?join=player`, dataset: { join: r.room_id } }, 'Join'));
      if (r.game_type !== 'chat') actions.append(h('a', { class: 'btn small', href: `#/room/${r.room_id}?join=spectator`, dataset: { watch: r.room_id } }, 'Watch'));
    }
    return h(
      'div',
      { class: 'room-row', dataset: { roomId: r.room_id } },
      h('div', { class: 'room-main' }, h('strong', null, label), h('span', { class: 'muted small' }, ` ${gameTitle(r.game_type)}`), r.has_password ? h('span', { class: 'pill', title: 'Needs a password' }, icon('lock', 12), ' password') : null),
      h('div', { class: 'room-meta' }, h('span', { class: `status status-${r.status}` }, r.status), h('span', { class: 'muted small' }, `${r.player_count}/${r.max_players} players${r.spectators ? ` · ${r.spectators} watching` : ''}`)),
      actions,
    );
  };

  const renderPublic = (rooms: RoomSummary[]) => {
    list.removeAttribute('aria-busy');
    const open = rooms.filter((r) => r.status === 'waiting' || r.status === 'active');
    if (!open.length) return fill(list, h('div', { class: 'empty' }, h('p', null, 'No public rooms right now.'), h('p', { class: 'muted small' }, 'Quick-match a game or create a room; it shows up here for everyone.')));
    fill(list, ...open.map((r) => row(r, false)));
  };
  const renderMine = async () => {
    try {
      const { rooms } = await client.request('get_user_rooms', {});
      mineCard.hidden = rooms.length === 0;
      fill(mine, ...rooms.map((r) => row(r, true)));
    } catch {
      mineCard.hidden = true;
    }
  };

  fill(
    el,
    h('section', { class: 'hero' }, h('h1', null, `Hi ${app.me.name}, what shall we play?`), h('p', { class: 'muted' }, 'Quick match puts you in a waiting room or opens one; the game starts when it is full.')),
    quick,
    h(
      'div',
      { class: 'lobby-cols' },
      h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, 'Open rooms'), h('span', { class: 'live-dot', title: 'Live' }, 'live')), list),
      h('div', { class: 'stack' }, mineCard, createRoomForm(app)),
    ),
  );

  const offs = [
    client.on('lobby_update', ({ rooms }) => renderPublic(rooms)),
    client.on('user_joined_rooms', () => void renderMine()),
    client.on('connected', () => void load()),
  ];
  const load = async () => {
    try {
      await client.request('subscribe', { topic: 'lobby' });
      renderPublic((await client.request('get_public_rooms', { include_active: true, has_space: false })).rooms);
    } catch (e) {
      fill(list, h('p', { class: 'form-error' }, `Could not load rooms: ${errorText(e)}`));
    }
    await renderMine();
  };
  void load();
  return () => {
    for (const off of offs) off();
    client.request('unsubscribe', { topic: 'lobby' }).catch(() => undefined);
  };
};
