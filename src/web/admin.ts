/**
 * The operator page at `/admin` (SPEC §14): with an admin or host token (pasted; from
 * `npm run token -- --name Teacher --roles admin,host`) it shows live stats and users
 * online (`subscribe stats`), every room (`list_rooms`, admin) and the live CHSH dashboard
 * (`subscribe chsh_dashboard`, host/admin). Built into web/dist/admin.js.
 */
import { ParlorClient, type ChshDashboard, type Player, type RoomSummary, type Stats } from '../client/index.js';
import { busy, clockTime, errorText, field, fill, h, shortId } from './dom.js';
import { gameTitle } from './games.js';
import { connectionBanner } from './parts/banner.js';
import { chshStatsPanel, fmt, pct, sGauge } from './parts/chsh-stats.js';

const KEY = 'parlor.admin_token';
const root = document.getElementById('app')!;

function tokenForm(notice?: string): void {
  const input = h('textarea', { name: 'token', rows: 4, required: true, placeholder: 'eyJhbGciOi…', spellcheck: false });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: !notice }, notice ?? '');
  const form = h('form', { class: 'card signin-card' }, h('div', { class: 'signin-brand' }, h('span', { class: 'logo big' }, 'P'), h('h1', null, 'Parlor admin')), h('p', { class: 'lead' }, 'Paste an admin or host token. Operators make one on the server with:'), h('pre', { class: 'cmd' }, 'npm run token -- --name Teacher --roles admin,host --ttl 8h'), field('Token', input), error, h('button', { class: 'btn primary wide', type: 'submit' }, 'Open the dashboard'), h('p', { class: 'muted small' }, h('a', { href: '/' }, '← Back to the games')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem(KEY, input.value.trim());
    void start(input.value.trim());
  });
  fill(root, h('div', { class: 'signin' }, form));
}

async function start(token: string): Promise<void> {
  fill(root, h('div', { class: 'boot' }, h('div', { class: 'spinner' }), 'Connecting…'));
  const client = new ParlorClient({ url: location.origin, token });
  let me;
  try {
    me = await client.connect();
  } catch (e) {
    client.close();
    localStorage.removeItem(KEY);
    return tokenForm(`That token did not work: ${errorText(e)}`);
  }
  const isAdmin = me.roles.includes('admin');
  if (!isAdmin && !me.roles.includes('host')) {
    client.close();
    localStorage.removeItem(KEY);
    return tokenForm(`${me.name} has no admin or host role.`);
  }
  const signOut = () => (client.close(), localStorage.removeItem(KEY), location.reload());
  const statsBox = h('div', { class: 'stat-grid' });
  const chshBox = h('div', { class: 'chsh-board' }, h('p', { class: 'muted' }, 'Waiting for CHSH teams… statistics appear here as soon as a team answers.'));
  const chshTime = h('span', { class: 'muted small' });
  const roomsBox = h('div', { class: 'table-scroll' }, h('p', { class: 'muted' }, isAdmin ? 'Loading rooms…' : 'Listing every room needs the admin role.'));
  const usersBox = h('ul', { class: 'players' });
  fill(
    root,
    h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '/admin' }, h('span', { class: 'logo' }, 'P'), 'Parlor admin'), h('nav', { class: 'nav' }, h('a', { class: 'nav-link', href: '/' }, 'Games')), h('div', { class: 'me' }, h('span', { class: 'me-name' }, me.name), ...me.roles.map((r) => h('span', { class: 'pill seat' }, r)), h('button', { class: 'btn ghost small', on: { click: signOut } }, 'Sign out'))),
    connectionBanner(client),
    h(
      'main',
      { class: 'page admin' },
      h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', null, 'Server'), h('span', { class: 'live-dot' }, 'live')), statsBox),
      h('section', { class: 'card', id: 'chsh' }, h('div', { class: 'card-head' }, h('h2', null, 'CHSH dashboard'), chshTime), chshBox),
      h('section', { class: 'card' }, h('h2', null, 'Rooms'), roomsBox),
      h('section', { class: 'card' }, h('h2', null, 'Players in rooms'), usersBox),
    ),
  );

  const stat = (label: string, value: number | string, key: string) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value', dataset: { stat: key } }, String(value)));
  const renderStats = (s: Stats) => fill(statsBox, stat('Users online', s.users_online, 'users_online'), stat('Connections', s.connections, 'connections'), stat('Waiting rooms', s.rooms.waiting, 'waiting'), stat('Active games', s.rooms.active, 'active'), stat('Finished', s.rooms.finished, 'finished'), stat('Nodes', s.nodes, 'nodes'));

  const renderChsh = (d: ChshDashboard) => {
    chshTime.textContent = `updated ${clockTime(new Date().toISOString())}`;
    if (!d.teams.length) return fill(chshBox, h('p', { class: 'muted' }, 'No CHSH games yet.'));
    fill(
      chshBox,
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'table' },
          h('thead', null, h('tr', null, ...['Team', 'Rounds', 'Win rate', 'S', '', 'E(AX)', 'E(AY)', 'E(BX)', 'E(BY)'].map((c) => h('th', null, c)))),
          h(
            'tbody',
            null,
            ...d.teams.map((t) =>
              h('tr', { dataset: { team: t.room_id } }, h('td', null, h('strong', null, t.team_name && t.team_name !== t.room_id ? t.team_name : `Room ${shortId(t.room_id)}`)), h('td', { dataset: { rounds: t.room_id } }, String(t.rounds_played)), h('td', null, pct(t.stats?.win_rate ?? null)), h('td', { class: t.stats?.S !== null && t.stats?.S !== undefined && Math.abs(t.stats.S) > 2 ? 'good' : '' }, fmt(t.stats?.S ?? null)), h('td', { class: 'gauge-cell' }, sGauge(t.stats?.S ?? null)), ...(['AX', 'AY', 'BX', 'BY'] as const).map((p) => h('td', null, fmt(t.stats?.E[p] ?? null)))),
            ),
          ),
        ),
      ),
      d.teams.length === 1 ? chshStatsPanel(d.teams[0]!.stats) : null,
    );
  };

  let roomsAt = 0;
  const loadRooms = async () => {
    if (!isAdmin || Date.now() - roomsAt < 4000) return;
    roomsAt = Date.now();
    try {
      const { rooms } = await client.request('list_rooms', {});
      renderRooms(rooms);
      const players: Player[] = [];
      for (const r of rooms.filter((x) => x.player_count > 0 && x.status !== 'closed').slice(0, 25)) {
        const full = await client.request('get_room', { room_id: r.room_id }).catch(() => null);
        for (const p of full?.room.players ?? []) if (!players.some((q) => q.user_id === p.user_id)) players.push(p);
      }
      players.sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
      fill(usersBox, ...(players.length ? players.map((p) => h('li', { class: 'player' }, h('span', { class: `presence ${p.online ? 'on' : 'off'}` }), h('span', { class: 'player-name' }, p.name), h('code', { class: 'muted small' }, shortId(p.user_id)))) : [h('li', { class: 'muted' }, 'Nobody is in a room.')]));
    } catch (e) {
      fill(roomsBox, h('p', { class: 'form-error' }, errorText(e)));
    }
  };
  const renderRooms = (rooms: RoomSummary[]) => {
    if (!rooms.length) return fill(roomsBox, h('p', { class: 'muted' }, 'No rooms.'));
    fill(
      roomsBox,
      h(
        'table',
        { class: 'table' },
        h('thead', null, h('tr', null, ...['Room', 'Game', 'Status', 'Players', 'Watching', 'Access', 'Created', ''].map((c) => h('th', null, c)))),
        h(
          'tbody',
          null,
          ...rooms.map((r) => {
            const close = h('button', { class: 'btn danger small', disabled: r.status === 'closed' }, 'Close');
            close.addEventListener('click', () => confirm(`Close ${r.room_id}?`) && void busy(close, async () => ((roomsAt = 0), await client.request('close_room', { room_id: r.room_id }), await loadRooms())));
            return h('tr', { dataset: { roomId: r.room_id } }, h('td', null, h('code', null, r.room_id.startsWith('room_') ? shortId(r.room_id) : r.room_id)), h('td', null, gameTitle(r.game_type)), h('td', null, h('span', { class: `status status-${r.status}` }, r.status)), h('td', null, `${r.player_count}/${r.max_players}`), h('td', null, String(r.spectators)), h('td', null, `${r.permission}${r.has_password ? ' + password' : ''}`), h('td', null, clockTime(r.created_at)), h('td', null, close));
          }),
        ),
      ),
    );
  };

  client.on('stats_update', (s) => {
    renderStats(s);
    void loadRooms();
  });
  client.on('chsh_dashboard', renderChsh);
  const subscribe = async () => {
    try {
      await client.request('subscribe', { topic: 'stats' });
      await client.request('subscribe', { topic: 'chsh_dashboard' });
      const r = await fetch('/api/stats');
      if (r.ok) renderStats((await r.json()) as Stats);
      roomsAt = 0;
      await loadRooms();
    } catch (e) {
      fill(statsBox, h('p', { class: 'form-error' }, errorText(e)));
    }
  };
  // Subscriptions belong to a socket: subscribe again after every reconnect.
  client.on('connected', () => void subscribe());
  await subscribe();
}

const saved = localStorage.getItem(KEY);
if (saved) void start(saved);
else tokenForm();
