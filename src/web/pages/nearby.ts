/** Nearby chat (SPEC §9): the chat room of your ≈150 m cell, from the browser's location or typed coordinates. */
import type { Page } from '../app-context.js';
import { busy, errorText, field, fill, h } from '../dom.js';
import { chatPanel } from '../parts/chat-panel.js';
import { icon } from '../icons.js';

export const nearbyPage: Page = (app, el) => {
  const lat = h('input', { name: 'lat', type: 'number', step: 'any', min: '-90', max: '90', placeholder: '52.5200', required: true });
  const lng = h('input', { name: 'lng', type: 'number', step: 'any', min: '-180', max: '180', placeholder: '13.4050', required: true });
  const locate = h('button', { class: 'btn primary', type: 'button' }, icon('pin'), 'Use my location');
  const join = h('button', { class: 'btn', type: 'submit' }, 'Join this place');
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const chatBox = h('div', { class: 'nearby-chat' });
  const offs: (() => void)[] = [];

  const enter = async (la: number, ln: number) => {
    error.hidden = true;
    const r = await app.client.request('join_nearby', { lat: la, lng: ln });
    for (const off of offs.splice(0)) off();
    const chat = chatPanel(app, r.room_id, `Nearby · cell ${r.geohash}`);
    chat.add(r.recent_messages);
    offs.push(
      app.client.on('new_message', (d) => d.room_id === r.room_id && chat.add([d.message])),
      app.client.on('user_joined', (d) => d.room_id === r.room_id && d.user_id !== app.me.id && chat.notice(`${d.name} is nearby`)),
      app.client.on('connected', () => void chat.refresh()),
    );
    fill(chatBox, h('p', { class: 'muted small' }, `You are in ${r.room_id}: everyone within about 150 m who joins sees these messages.`), chat.el);
  };

  const form = h('form', { class: 'card' }, h('h2', null, 'Where are you?'), h('p', { class: 'muted' }, 'Your position is turned into a ≈150 m cell; only the cell is shared.'), h('div', { class: 'row-actions' }, locate), h('p', { class: 'muted small' }, 'or type coordinates:'), h('div', { class: 'form-row' }, field('Latitude', lat), field('Longitude', lng)), error, join);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(join, () => enter(Number(lat.value), Number(lng.value)));
  });
  locate.addEventListener('click', () => {
    if (!navigator.geolocation) {
      error.hidden = false;
      error.textContent = 'This browser cannot share a location. Type coordinates instead.';
      return;
    }
    locate.disabled = true;
    locate.textContent = 'Locating…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        lat.value = pos.coords.latitude.toFixed(5);
        lng.value = pos.coords.longitude.toFixed(5);
        void busy(locate, () => enter(pos.coords.latitude, pos.coords.longitude)).then(() => fill(locate, icon('pin'), 'Use my location'));
      },
      (err) => {
        locate.disabled = false;
        fill(locate, icon('pin'), 'Use my location');
        error.hidden = false;
        error.textContent = err.code === err.PERMISSION_DENIED ? 'Location permission was denied. Type coordinates instead.' : `Could not get your location (${errorText(err.message)}).`;
      },
      { timeout: 10_000, maximumAge: 60_000 },
    );
  });

  fill(el, h('section', { class: 'hero' }, h('h1', null, 'Nearby chat'), h('p', { class: 'muted' }, 'Talk with people around you right now.')), h('div', { class: 'lobby-cols' }, form, chatBox));
  return () => {
    for (const off of offs) off();
  };
};
