/** "Create a room": game, visibility, password, size, turn limit, auto start and the game's own options. */
import type { EventInput, Metadata } from '../../client/index.js';
import type { App } from '../app-context.js';
import { busy, field, h, select } from '../dom.js';
import { GAMES } from '../games.js';

export function createRoomForm(app: App): HTMLElement {
  const game = select('game_type', [...GAMES.map((g): [string, string] => [g.type, g.title]), ['chat', 'Chat room (no game)']], 'tictactoe');
  const permission = select('permission', [['public', 'Public (in the lobby)'], ['private', 'Private (link only)']], 'public');
  const password = h('input', { name: 'password', type: 'password', maxLength: 128, placeholder: 'Optional', autocomplete: 'new-password' });
  const maxPlayers = h('input', { name: 'max_players', type: 'number', min: '2', max: '500', value: '50' });
  const turnLimit = h('input', { name: 'turn_time_limit_s', type: 'number', min: '1', max: '86400', placeholder: 'No limit' });
  const autoStart = h('input', { name: 'auto_start', type: 'checkbox', checked: true });
  const teamName = h('input', { name: 'team_name', maxLength: 64, placeholder: 'e.g. The Entanglers' });
  const rounds = h('input', { name: 'rounds', type: 'number', min: '1', max: '1000', value: '40' });
  const innings = h('input', { name: 'innings', type: 'number', min: '1', max: '9', value: '9' });
  const duration = h('input', { name: 'duration_s', type: 'number', min: '30', max: '3600', value: '300' });

  const sizeField = field('Max people', maxPlayers);
  const turnField = field('Turn time limit (seconds)', turnLimit, 'A player who runs out of time loses by the game’s rule.');
  const autoField = h('label', { class: 'check' }, autoStart, ' Start automatically when the room is full');
  const options: Record<string, HTMLElement> = {
    chsh: h('div', { class: 'form-row' }, field('Team name', teamName), field('Rounds', rounds)),
    dice_baseball: field('Innings', innings),
    score_challenge: field('Duration (seconds)', duration),
  };
  const optionBox = h('div', { class: 'game-options' }, ...Object.values(options));
  const sync = () => {
    const t = game.value;
    sizeField.hidden = t !== 'chat';
    turnField.hidden = autoField.hidden = t === 'chat';
    for (const [k, node] of Object.entries(options)) node.hidden = k !== t;
  };
  game.addEventListener('change', sync);
  sync();

  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Create room');
  const form = h(
    'form',
    {
      class: 'card create-room',
      on: {
        submit: (e: Event) => {
          e.preventDefault();
          void busy(submit, async () => {
            const { room } = await app.client.request('create_room', payload());
            app.rememberRoom(room);
            app.go(`/room/${room.room_id}`);
          });
        },
      },
    },
    h('h2', null, 'Create a room'),
    h('div', { class: 'form-row' }, field('Game', game), field('Who can find it', permission)),
    field('Password', password, 'Everyone who joins (spectators too) must enter it.'),
    sizeField,
    optionBox,
    turnField,
    autoField,
    submit,
  );

  function payload(): EventInput<'create_room'> {
    const t = game.value;
    const metadata: Metadata = {};
    if (t === 'chsh') {
      if (teamName.value.trim()) metadata.team_name = teamName.value.trim();
      if (rounds.value) metadata.rounds = Number(rounds.value);
    }
    if (t === 'dice_baseball' && innings.value) metadata.innings = Number(innings.value);
    if (t === 'score_challenge' && duration.value) metadata.duration_s = Number(duration.value);
    return {
      game_type: t,
      permission: permission.value as 'public' | 'private',
      ...(password.value ? { password: password.value } : {}),
      ...(t === 'chat' && maxPlayers.value ? { max_players: Number(maxPlayers.value) } : {}),
      ...(t !== 'chat' && turnLimit.value ? { turn_time_limit_s: Number(turnLimit.value) } : {}),
      ...(t !== 'chat' ? { auto_start: autoStart.checked } : {}),
      ...(Object.keys(metadata).length ? { metadata } : {}),
    };
  }
  return form;
}
