/**
 * `POST /auth/guest` (SPEC §2): a guest token for `name`, to hand to ParlorClient.
 *
 * @example
 * const { token, user } = await guestLogin('http://127.0.0.1:3000', 'Ann');
 */
import type { ErrorBody } from '../core/errors.js';
import { ParlorClientError } from './client-error.js';

export interface GuestLogin {
  token: string;
  user: { id: string; name: string };
}

export async function guestLogin(url: string, name: string): Promise<GuestLogin> {
  const res = await fetch(`${url.replace(/\/+$/, '')}/auth/guest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = (await res.json().catch(() => null)) as (GuestLogin & { success?: false; error?: ErrorBody }) | null;
  if (!res.ok || !body || !body.token) {
    if (body?.error) throw ParlorClientError.fromBody('auth/guest', body.error);
    throw new ParlorClientError(res.status === 404 ? 'NOT_FOUND' : 'INTERNAL', `Guest login failed (HTTP ${res.status})`, { event: 'auth/guest' });
  }
  return { token: body.token, user: body.user };
}
