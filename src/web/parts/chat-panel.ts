/**
 * A room's chat: history, live messages, and the send box. Text is rendered as text only
 * (textContent), so `<img src=x onerror=alert(1)>` shows up exactly as typed.
 */
import { newActionId, type ChatMessage } from '../../client/index.js';
import type { App } from '../app-context.js';
import { busy, clockTime, h } from '../dom.js';

export interface ChatPanel {
  el: HTMLElement;
  /** Adds messages (history or live); duplicates by id are ignored; keeps time order. */
  add(messages: ChatMessage[]): void;
  /** A line from the app itself ("Ann joined"). */
  notice(text: string): void;
  /** Fetches what was missed (after a reconnect). */
  refresh(): Promise<void>;
  setEnabled(on: boolean, why?: string): void;
}

export function chatPanel(app: App, roomId: string, title = 'Chat'): ChatPanel {
  const seen = new Set<string>();
  const list = h('ol', { class: 'chat-list', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const empty = h('li', { class: 'chat-empty muted' }, 'No messages yet. Say hello!');
  list.append(empty);
  const input = h('input', { name: 'text', maxLength: 1000, placeholder: 'Write a message…', autocomplete: 'off', 'aria-label': 'Message' });
  const send = h('button', { class: 'btn primary', type: 'submit' }, 'Send');
  const form = h('form', { class: 'chat-form' }, input, send);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const client_msg_id = newActionId('m');
    void busy(send, async () => {
      const { message } = await app.client.request('send_message', { room_id: roomId, text, client_msg_id });
      input.value = '';
      add([message]);
      input.focus();
    });
  });

  const line = (m: ChatMessage) => {
    app.names.set(m.user_id, m.name);
    const mine = m.user_id === app.me.id;
    return h(
      'li',
      { class: mine ? 'msg mine' : 'msg', dataset: { id: m.id, ts: m.ts } },
      h('div', { class: 'msg-head' }, h('span', { class: 'msg-name' }, mine ? 'You' : m.name), h('time', { class: 'msg-time', dateTime: m.ts }, clockTime(m.ts))),
      h('div', { class: 'msg-text' }, m.text),
    );
  };
  function add(messages: ChatMessage[]): void {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    for (const m of messages) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      empty.remove();
      const node = line(m);
      // Keep time order when history arrives after live messages.
      const after = Array.from(list.querySelectorAll<HTMLElement>('li.msg')).find((li) => (li.dataset.ts ?? '') > m.ts);
      list.insertBefore(node, after ?? null);
    }
    if (atBottom || messages.some((m) => m.user_id === app.me.id)) list.scrollTop = list.scrollHeight;
  }
  const el = h('section', { class: 'card chat' }, h('h2', null, title), list, form);
  return {
    el,
    add,
    notice(text) {
      empty.remove();
      list.append(h('li', { class: 'chat-notice muted' }, text));
      list.scrollTop = list.scrollHeight;
    },
    async refresh() {
      try {
        add((await app.client.request('get_messages', { room_id: roomId, limit: 50 })).messages);
      } catch {
        /* not a member any more: nothing to fetch */
      }
    },
    setEnabled(on, why) {
      input.disabled = send.disabled = !on;
      input.placeholder = on ? 'Write a message…' : (why ?? 'Chat is closed');
    },
  };
}
