/** The top bar: brand, navigation (with the pending-challenge count) and who is signed in. */
import type { App } from '../app-context.js';
import { copyText, h } from '../dom.js';

export function header(app: App, signOut: () => void): HTMLElement {
  const badge = h('span', { class: 'badge', hidden: true });
  const link = (path: string, label: string, extra?: Node) => h('a', { href: `#${path}`, class: 'nav-link', dataset: { path } }, label, extra ?? null);
  const nav = h('nav', { class: 'nav', 'aria-label': 'Main' }, link('/lobby', 'Lobby'), link('/nearby', 'Nearby'), link('/challenges', 'Challenges', badge));
  const sync = () => {
    const n = app.challenges.incoming().length;
    badge.hidden = n === 0;
    badge.textContent = String(n);
  };
  app.challenges.onChange(sync);
  sync();
  document.addEventListener('parlor:route', (e) => {
    const path = (e as CustomEvent<string>).detail;
    for (const a of Array.from(nav.querySelectorAll<HTMLAnchorElement>('a'))) a.classList.toggle('active', path.startsWith(a.dataset.path!) || (a.dataset.path === '/lobby' && (path === '' || path === '/')));
  });
  const who = h(
    'div',
    { class: 'me' },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, app.me.name.slice(0, 1).toUpperCase()),
    h('span', { class: 'me-name', title: app.me.id }, app.me.name),
    h('button', { class: 'btn ghost small', title: 'Copy your player id (others need it to challenge you)', on: { click: () => void copyText(app.me.id) } }, 'Copy my id'),
    h('button', { class: 'btn ghost small', on: { click: signOut } }, 'Sign out'),
  );
  return h('header', { class: 'topbar' }, h('a', { class: 'brand', href: '#/lobby' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, 'P'), 'Parlor'), nav, who);
}
