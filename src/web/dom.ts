/**
 * A tiny DOM toolkit for the web UI. Text always goes in as text nodes (never innerHTML),
 * so whatever users type — names, chat, team names — renders literally.
 */
import { isParlorClientError } from '../client/index.js';

type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown> & {
  class?: string;
  style?: string;
  dataset?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (e: any) => void>>;
};

/** `h('button', {class: 'primary', on: {click}}, 'Play')` */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'on') for (const [ev, fn] of Object.entries(v as object)) el.addEventListener(ev, fn as EventListener);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'class') el.className = String(v);
      else if (k in el && k !== 'style' && k !== 'list' && k !== 'form') (el as any)[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/** A labelled form field. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('small', { class: 'hint' }, hint) : null);
}

export function select(name: string, options: readonly (string | [string, string])[], value?: string): HTMLSelectElement {
  const el = h('select', { name });
  for (const o of options) {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    el.append(h('option', { value: v, selected: v === value }, text));
  }
  return el;
}

/** What to tell a person about a failed request. */
export function errorText(e: unknown): string {
  if (isParlorClientError(e)) {
    switch (e.code) {
      case 'RATE_LIMITED':
        return `Slow down a little${e.retry_after_ms ? ` (try again in ${Math.ceil(e.retry_after_ms / 1000)} s)` : ''}.`;
      case 'TIMEOUT':
        return 'The server did not answer in time. Check your connection and try again.';
      case 'DISCONNECTED':
        return 'Not connected to the server right now.';
      case 'INTERNAL':
        return 'Something went wrong on the server. Please try again.';
      case 'AUTH_INVALID':
        return e.event ? e.message : 'That token is not valid (AUTH_INVALID).';
      case 'AUTH_EXPIRED':
        return e.event ? e.message : 'That token has expired (AUTH_EXPIRED).';
      case 'AUTH_REQUIRED':
        return 'A token is needed (AUTH_REQUIRED).';
      default:
        return e.message;
    }
  }
  return e instanceof Error ? e.message : String(e);
}

let toastBox: HTMLElement | null = null;

/** A short notice in the corner; `actions` turns it into a small dialog (it stays until one is used). */
export function toast(message: string, kind: 'info' | 'error' | 'success' = 'info', actions: { label: string; run: () => void; primary?: boolean }[] = []): () => void {
  toastBox ??= document.getElementById('toasts') ?? document.body.appendChild(h('div', { id: 'toasts', class: 'toasts', role: 'status', 'aria-live': 'polite' }));
  const el = h('div', { class: `toast toast-${kind}` }, h('div', { class: 'toast-text' }, message));
  const close = () => el.remove();
  if (actions.length) {
    const row = h('div', { class: 'toast-actions' });
    for (const a of actions) row.append(h('button', { class: a.primary ? 'btn primary small' : 'btn small', on: { click: () => (close(), a.run()) } }, a.label));
    el.append(row);
  } else {
    setTimeout(close, kind === 'error' ? 6000 : 3500);
  }
  toastBox.append(el);
  // At most three at a time: the oldest plain notices give way.
  const plain = Array.from(toastBox.children).filter((t) => !t.querySelector('.toast-actions'));
  for (const old of plain.slice(0, Math.max(0, toastBox.children.length - 3))) old.remove();
  return close;
}

export function shortId(id: string): string {
  const tail = id.replace(/^(guest|room|geo)_/, '');
  return tail.length > 8 ? tail.slice(0, 8) : tail;
}

export function clockTime(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied', 'success');
  } catch {
    window.prompt('Copy this:', text);
  }
}

/** Runs `fn` while the button shows it is busy; errors become a toast. Returns whether it succeeded. */
export async function busy(button: HTMLButtonElement | null, fn: () => Promise<unknown>): Promise<boolean> {
  if (button) {
    button.disabled = true;
    button.classList.add('busy');
  }
  try {
    await fn();
    return true;
  } catch (e) {
    toast(errorText(e), 'error');
    return false;
  } finally {
    if (button) {
      button.disabled = false;
      button.classList.remove('busy');
    }
  }
}
