/** Shown on a room page before joining: what the room is, and joining as a player or a spectator. */
import type { Room } from '../../client/index.js';
import { append, busy, field, h, shortId } from '../dom.js';
import { gameTitle } from '../games.js';

export function joinPanel(roomId: string, room: Room | null, join: (as: 'player' | 'spectator', password?: string) => Promise<void>): HTMLElement {
  const password = h('input', { name: 'password', type: 'password', maxLength: 128, autocomplete: 'current-password' });
  const needsPassword = !room || room.has_password;
  const canPlay = !room || (room.status === 'waiting' && room.players.length < room.max_players);
  const play = h('button', { class: 'btn primary', type: 'submit', disabled: !canPlay }, 'Join as player');
  const watch = h('button', { class: 'btn', type: 'button' }, room?.game_type === 'chat' ? 'Join chat' : 'Watch');
  const go = (as: 'player' | 'spectator', button: HTMLButtonElement) => void busy(button, () => join(as, password.value || undefined));
  watch.addEventListener('click', () => go(room?.game_type === 'chat' ? 'player' : 'spectator', watch));
  const form = h('form', { class: 'card join-card', on: { submit: (e: Event) => (e.preventDefault(), go('player', play)) } });
  append(
    form,
    h('h1', null, room ? gameTitle(room.game_type) : 'Private room'),
    room
      ? h('p', { class: 'muted' }, `Room ${shortId(room.room_id)} · ${room.status} · ${room.players.length}/${room.max_players} players${room.spectators ? ` · ${room.spectators} watching` : ''}`)
      : h('p', { class: 'muted' }, `Room ${shortId(roomId)} is private (or does not exist). If you have its password, enter it to join.`),
    room?.players.length ? h('p', null, 'Players: ', room.players.map((p) => p.name).join(', ')) : null,
    needsPassword ? field('Password', password) : null,
    h('div', { class: 'row-actions' }, room?.game_type === 'chat' ? null : play, watch),
    canPlay || !room ? null : h('p', { class: 'muted small' }, 'The game is under way or full: you can watch it.'),
    h('p', { class: 'small' }, h('a', { href: '#/lobby' }, '← Back to the lobby')),
  );
  return h('div', { class: 'narrow' }, form);
}
