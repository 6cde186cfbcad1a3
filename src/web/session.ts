/** The signed-in guest, kept in localStorage so a reload (or a new tab) stays signed in. */
import { guestLogin } from '../client/index.js';

export interface SavedSession {
  token: string;
  user: { id: string; name: string };
}

const KEY = 'parlor.session';

export function loadSession(): SavedSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    const s = raw ? (JSON.parse(raw) as SavedSession) : null;
    return s && typeof s.token === 'string' && s.user ? s : null;
  } catch {
    return null;
  }
}

export async function signInAsGuest(name: string): Promise<SavedSession> {
  const s = await guestLogin(location.origin, name);
  localStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

export function forgetSession(): void {
  localStorage.removeItem(KEY);
}
