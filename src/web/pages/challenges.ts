/** Challenges: incoming (accept / decline), outgoing (cancel), recent ones, and sending one by player id. */
import type { Challenge } from '../../client/index.js';
import type { Page } from '../app-context.js';
import { busy, copyText, fill, h } from '../dom.js';
import { gameTitle } from '../games.js';
import { challengeForm } from '../parts/challenge-dialog.js';

export const challengesPage: Page = (app, el) => {
  const incoming = h('div', { class: 'challenge-list' });
  const outgoing = h('div', { class: 'challenge-list' });
  const past = h('div', { class: 'challenge-list' });

  const item = (c: Challenge, kind: 'in' | 'out' | 'past') => {
    const other = kind === 'in' || (kind === 'past' && c.to_user_id === app.me.id) ? c.from_user_id : c.to_user_id;
    const what = `${gameTitle(c.game_type)}${c.game_type === 'score_challenge' ? ` · ${Math.round(c.duration_s / 60)} min` : ''}`;
    const actions = h('div', { class: 'row-actions' });
    if (kind === 'in') {
      const accept = h('button', { class: 'btn primary small', dataset: { accept: c.challenge_id } }, 'Accept');
      const decline = h('button', { class: 'btn small', dataset: { decline: c.challenge_id } }, 'Decline');
      accept.addEventListener('click', () => void busy(accept, async () => {
        const room = await app.challenges.respond(c.challenge_id, true);
        if (room) app.go(`/room/${room.room_id}`);
      }));
      decline.addEventListener('click', () => void busy(decline, () => app.challenges.respond(c.challenge_id, false)));
      actions.append(accept, decline);
    } else if (kind === 'out') {
      const cancel = h('button', { class: 'btn small' }, 'Cancel');
      cancel.addEventListener('click', () => void busy(cancel, () => app.challenges.cancel(c.challenge_id)));
      actions.append(cancel);
    } else actions.append(h('span', { class: `status status-${c.status}` }, c.status));
    return h(
      'div',
      { class: 'challenge', dataset: { challengeId: c.challenge_id } },
      h('div', null, h('strong', null, kind === 'out' ? `To ${app.nameOf(other)}` : kind === 'in' ? `From ${app.nameOf(other)}` : app.nameOf(other)), h('div', { class: 'muted small' }, what), c.message ? h('p', { class: 'challenge-msg' }, `“${c.message}”`) : null),
      actions,
    );
  };
  const empty = (text: string) => h('p', { class: 'muted' }, text);
  const render = () => {
    const ins = app.challenges.incoming();
    const outs = app.challenges.outgoing();
    const old = app.challenges.past();
    fill(incoming, ...(ins.length ? ins.map((c) => item(c, 'in')) : [empty('No challenges for you right now.')]));
    fill(outgoing, ...(outs.length ? outs.map((c) => item(c, 'out')) : [empty('You have no open challenges.')]));
    fill(past, ...(old.length ? old.map((c) => item(c, 'past')) : [empty('Nothing yet.')]));
  };
  const off = app.challenges.onChange(render);
  render();

  fill(
    el,
    h('section', { class: 'hero' }, h('h1', null, 'Challenges'), h('p', { class: 'muted' }, 'Challenge anyone by their player id, or from a room’s player list. An accepted challenge starts a private game at once.')),
    h(
      'div',
      { class: 'lobby-cols' },
      h('div', { class: 'stack' }, h('section', { class: 'card' }, h('h2', null, 'For you'), incoming), h('section', { class: 'card' }, h('h2', null, 'Sent'), outgoing), h('section', { class: 'card' }, h('h2', null, 'Recent'), past)),
      h(
        'div',
        { class: 'stack' },
        h('section', { class: 'card' }, h('h2', null, 'Send a challenge'), challengeForm(app)),
        h('section', { class: 'card' }, h('h2', null, 'Your player id'), h('p', null, h('code', { class: 'user-id' }, app.me.id)), h('button', { class: 'btn small', on: { click: () => void copyText(app.me.id) } }, 'Copy')),
      ),
    ),
  );
  return off;
};
