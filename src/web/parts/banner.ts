/** The connection banner: shown while the client is offline or reconnecting, gone once it is back. */
import type { ParlorClient } from '../../client/index.js';
import { h } from '../dom.js';

export function connectionBanner(client: ParlorClient): HTMLElement {
  const text = h('span', null);
  const retry = h('button', { class: 'btn small', hidden: true, on: { click: () => location.reload() } }, 'Reload');
  const el = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite', hidden: true }, h('span', { class: 'spinner small' }), text, retry);
  let offline = !navigator.onLine;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  const render = () => {
    clearTimeout(hideTimer);
    const s = client.status;
    document.body.classList.toggle('is-offline', s !== 'connected' || offline);
    el.className = 'banner';
    retry.hidden = true;
    if (s === 'connected' && !offline) {
      if (!el.hidden && el.dataset.state !== 'ok') {
        el.dataset.state = 'ok';
        el.classList.add('banner-ok');
        text.textContent = 'Back online. Everything is up to date.';
        hideTimer = setTimeout(() => (el.hidden = true), 2000);
      }
      return;
    }
    el.hidden = false;
    el.dataset.state = s;
    if (s === 'disconnected' || s === 'closed') {
      el.classList.add('banner-error');
      text.textContent = 'Disconnected from the server.';
      retry.hidden = false;
    } else {
      el.classList.add('banner-warn');
      text.textContent = offline ? 'You are offline. Waiting for the network…' : 'Connection lost. Reconnecting…';
    }
  };
  client.on('connection', render);
  window.addEventListener('offline', () => {
    offline = true;
    render();
  });
  window.addEventListener('online', () => {
    offline = false;
    render();
  });
  render();
  return el;
}
