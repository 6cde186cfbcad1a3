/** Players of a room with presence, seat labels, the owner, and a challenge button for each other player. */
import type { Room } from '../../client/index.js';
import type { App } from '../app-context.js';
import { h } from '../dom.js';
import { challengeDialog } from './challenge-dialog.js';

export interface PlayersPanel {
  el: HTMLElement;
  render(room: Room): void;
}

export function playersPanel(app: App, seatLabel: (seat: number) => string | null): PlayersPanel {
  const list = h('ul', { class: 'players' });
  const foot = h('p', { class: 'muted small' });
  const el = h('section', { class: 'card' }, h('h2', null, 'Players'), list, foot);
  return {
    el,
    render(room) {
      app.rememberRoom(room);
      list.replaceChildren();
      for (const p of room.players) {
        const me = p.user_id === app.me.id;
        const label = seatLabel(p.seat);
        list.append(
          h(
            'li',
            { class: 'player', dataset: { userId: p.user_id } },
            h('span', { class: `presence ${p.online ? 'on' : 'off'}`, title: p.online ? 'Online' : 'Offline', 'aria-label': p.online ? 'online' : 'offline' }),
            h('span', { class: 'player-name' }, p.name, me ? h('span', { class: 'muted' }, ' (you)') : null),
            label ? h('span', { class: 'pill seat' }, label) : null,
            p.user_id === room.owner_id ? h('span', { class: 'pill owner', title: 'Owner' }, 'host') : null,
            me ? null : h('button', { class: 'btn ghost small', title: `Challenge ${p.name}`, on: { click: () => challengeDialog(app, p.user_id) } }, 'Challenge'),
          ),
        );
      }
      if (!room.players.length) list.append(h('li', { class: 'muted' }, 'Nobody is seated yet.'));
      const open = Math.max(0, room.max_players - room.players.length);
      foot.textContent = [room.status === 'waiting' && open ? `${open} seat${open === 1 ? '' : 's'} open` : '', room.spectators ? `${room.spectators} watching` : ''].filter(Boolean).join(' · ');
    },
  };
}
