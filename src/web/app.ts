/**
 * The player web UI at `/` (SPEC §14): guest sign-in, then a hash-routed single page app
 * (lobby, room, nearby chat, challenges) over one ParlorClient. Built for the browser by
 * scripts/build.mjs into web/dist/app.js.
 */
import { ParlorClient, isParlorClientError, type Room } from '../client/index.js';
import type { App, Page } from './app-context.js';
import { errorText, fill, h, toast } from './dom.js';
import { gameTitle } from './games.js';
import { connectionBanner } from './parts/banner.js';
import { ChallengeStore } from './parts/challenge-store.js';
import { header } from './parts/header.js';
import { challengesPage } from './pages/challenges.js';
import { lobbyPage } from './pages/lobby.js';
import { nearbyPage } from './pages/nearby.js';
import { roomPage } from './pages/room.js';
import { signInPage } from './pages/sign-in.js';
import { forgetSession, loadSession, type SavedSession } from './session.js';

const root = document.getElementById('app')!;

const routes: [RegExp, Page][] = [
  [/^\/room\/([A-Za-z0-9_-]+)$/, roomPage],
  [/^\/nearby$/, nearbyPage],
  [/^\/challenges$/, challengesPage],
  [/^\/?(lobby)?$/, lobbyPage],
];

function showSignIn(notice?: string): void {
  fill(root, signInPage((s) => void start(s), notice));
}

async function start(session: SavedSession): Promise<void> {
  fill(root, h('div', { class: 'boot' }, h('div', { class: 'spinner' }), 'Connecting to Parlor…'));
  const client = new ParlorClient({ url: location.origin, token: session.token });
  let offsetMs = 0;
  client.on('connected', (c) => (offsetMs = Date.parse(c.server_time) - Date.now()));
  let connected;
  try {
    connected = await client.connect();
  } catch (e) {
    client.close();
    if (isParlorClientError(e) && e.code.startsWith('AUTH_')) {
      forgetSession();
      return showSignIn('Your session has ended. Please sign in again.');
    }
    fill(root, h('div', { class: 'boot error' }, h('p', null, `Could not connect: ${errorText(e)}`), h('button', { class: 'btn primary', on: { click: () => void start(session) } }, 'Try again')));
    return;
  }

  const names = new Map<string, string>([[connected.user_id, connected.name]]);
  const page = h('main', { id: 'page', class: 'page' });
  const app: App = {
    client,
    me: { id: connected.user_id, name: connected.name, roles: connected.roles },
    go: (path) => {
      location.hash = `#${path}`;
    },
    challenges: null as unknown as ChallengeStore,
    names,
    nameOf: (id) => (id ? (names.get(id) ?? `Player ${id.replace(/^guest_/, '').slice(0, 4)}`) : 'Nobody'),
    rememberRoom: (room: Room) => {
      for (const p of room.players) names.set(p.user_id, p.name);
    },
    serverNow: () => Date.now() + offsetMs,
  };
  app.challenges = new ChallengeStore(client, app.me.id, {
    received: (c) =>
      toast(`${app.nameOf(c.from_user_id)} challenges you to ${gameTitle(c.game_type)}${c.message ? `: “${c.message}”` : ''}`, 'info', [
        { label: 'Accept', primary: true, run: () => void respond(app, c.challenge_id, true) },
        { label: 'Decline', run: () => void respond(app, c.challenge_id, false) },
      ]),
    accepted: (c, room) => {
      app.rememberRoom(room);
      toast(`Challenge accepted: ${gameTitle(c.game_type)} is on!`, 'success');
      app.go(`/room/${room.room_id}`);
    },
    ended: (c) => {
      if (c.from_user_id === app.me.id) toast(`Your challenge to ${app.nameOf(c.to_user_id)} was ${c.status}.`);
    },
  });
  for (const c of connected.pending_challenges) app.challenges.put(c);

  fill(root, header(app, () => signOut(client)), connectionBanner(client), page);
  let cleanup: (() => void) | void;
  const route = () => {
    if (cleanup) cleanup();
    cleanup = undefined;
    page.replaceChildren();
    const [path = '', search = ''] = decodeURIComponent(location.hash.replace(/^#/, '')).split('?');
    for (const [re, mount] of routes) {
      const m = re.exec(path);
      if (m) {
        cleanup = mount(app, page, m[1] ?? '', new URLSearchParams(search));
        document.dispatchEvent(new CustomEvent('parlor:route', { detail: path }));
        return;
      }
    }
    app.go('/lobby');
  };
  window.addEventListener('hashchange', route);
  route();
}

async function respond(app: App, id: string, accept: boolean): Promise<void> {
  try {
    const room = await app.challenges.respond(id, accept);
    if (room) app.go(`/room/${room.room_id}`);
  } catch (e) {
    toast(errorText(e), 'error');
  }
}

function signOut(client: ParlorClient): void {
  client.close();
  forgetSession();
  location.hash = '';
  location.reload();
}

const saved = loadSession();
if (saved) void start(saved);
else showSignIn();
