/** HS256 tokens for bench users, signed with node:crypto (no library on the loader's side). */
import { createHmac } from 'node:crypto';

const b64url = (s) => Buffer.from(s).toString('base64url');

export function signToken(secret, sub, name, ttlS = 3600) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub, name, iat: now, exp: now + ttlS }));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** The claims of a token, unverified. */
export function claims(token) {
  try {
    return JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString());
  } catch {
    return null;
  }
}

/** The claims of a token whose HS256 signature verifies with `secret`, else null (the baselines' auth). */
export function verifyToken(secret, token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) return null;
  const sig = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest('base64url');
  if (sig !== parts[2]) return null;
  const c = claims(token);
  return c && typeof c.sub === 'string' && (!c.exp || c.exp * 1000 > Date.now()) ? c : null;
}
