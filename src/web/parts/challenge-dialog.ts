/** Sending a challenge (SPEC §10): to a player from a list, or to any user id. */
import type { App } from '../app-context.js';
import { busy, field, h, select, toast } from '../dom.js';
import { GAMES } from '../games.js';

/** The form alone (the challenges page embeds it); `done` runs after a successful send. */
export function challengeForm(app: App, target = '', done: () => void = () => {}): HTMLFormElement {
  const to = h('input', { name: 'target_user_id', required: true, maxLength: 64, value: target, placeholder: 'guest_…', autocomplete: 'off' });
  const game = select('game_type', GAMES.map((g): [string, string] => [g.type, g.title]), 'score_challenge');
  const duration = h('input', { name: 'duration_s', type: 'number', min: '30', max: '3600', value: '300' });
  const message = h('input', { name: 'message', maxLength: 280, placeholder: 'Optional, e.g. “Best of three?”' });
  const durationField = field('Duration (seconds)', duration, 'For score challenges: how long both of you have.');
  game.addEventListener('change', () => (durationField.hidden = game.value !== 'score_challenge'));
  const send = h('button', { class: 'btn primary', type: 'submit' }, 'Send challenge');
  const form = h('form', { class: 'challenge-form' }, target ? null : field('Player id', to, 'Ask them for it: “Copy my id” in their top bar.'), field('Game', game), durationField, field('Message', message), send);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(send, async () => {
      const c = await app.challenges.send({
        target_user_id: (target || to.value).trim(),
        game_type: game.value,
        ...(game.value === 'score_challenge' && duration.value ? { duration_s: Number(duration.value) } : {}),
        ...(message.value.trim() ? { message: message.value.trim() } : {}),
      });
      toast(`Challenge sent to ${app.nameOf(c.to_user_id)}. It expires at ${new Date(c.expires_at).toLocaleTimeString()}.`, 'success');
      done();
    });
  });
  return form;
}

/** A modal dialog with the form, for a known player. */
export function challengeDialog(app: App, userId: string): void {
  const dialog = h('dialog', { class: 'dialog' });
  const close = () => (dialog.close(), dialog.remove());
  dialog.append(
    h('div', { class: 'dialog-head' }, h('h2', null, `Challenge ${app.nameOf(userId)}`), h('button', { class: 'btn ghost small', 'aria-label': 'Close', on: { click: close } }, '✕')),
    challengeForm(app, userId, close),
  );
  dialog.addEventListener('cancel', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
