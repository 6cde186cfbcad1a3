/** Guest sign-in: a name is all it takes. */
import { errorText, field, h } from '../dom.js';
import { signInAsGuest, type SavedSession } from '../session.js';

export function signInPage(done: (s: SavedSession) => void, notice?: string): HTMLElement {
  const name = h('input', { name: 'name', required: true, maxLength: 32, autocomplete: 'nickname', placeholder: 'e.g. Ann', autofocus: true });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: !notice }, notice ?? '');
  const button = h('button', { class: 'btn primary wide', type: 'submit' }, 'Play as guest');
  const form = h(
    'form',
    {
      class: 'card signin-card',
      on: {
        submit: async (e: Event) => {
          e.preventDefault();
          const value = name.value.trim();
          if (!value) {
            error.hidden = false;
            error.textContent = 'Please choose a name.';
            return;
          }
          button.disabled = true;
          button.textContent = 'Signing in…';
          try {
            done(await signInAsGuest(value));
          } catch (err) {
            error.hidden = false;
            error.textContent = errorText(err);
            button.disabled = false;
            button.textContent = 'Play as guest';
          }
        },
      },
    },
    h('div', { class: 'signin-brand' }, h('span', { class: 'logo big', 'aria-hidden': 'true' }, 'P'), h('h1', null, 'Parlor')),
    h('p', { class: 'lead' }, 'Real-time games with friends: tic-tac-toe, the CHSH team game, dice baseball and score challenges. Chat, spectate and challenge anyone.'),
    field('Your name', name, '1–32 characters, shown to other players.'),
    error,
    button,
    h('p', { class: 'muted small' }, 'Running the server? The operator dashboard is at ', h('a', { href: '/admin' }, '/admin'), '.'),
  );
  return h('div', { class: 'signin' }, form);
}
