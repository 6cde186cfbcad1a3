/**
 * HS256 token verification with node:crypto, synchronously. jose (v6) verifies through
 * WebCrypto, which hands every HMAC to the thread pool and imports the key again per call:
 * ~260 µs of CPU per token here against a few µs for `createHmac`, on every connection
 * handshake (a reconnect storm after a node dies is thousands at once). Only HS256 is
 * verified here; RS256/ES256 stay with jose (tokens.ts). The claim checks are jose's, with
 * no clock tolerance: `exp`, `nbf` and `iat` must be numbers when present, the token is
 * expired when `exp <= now` and not yet valid when `nbf > now` (seconds).
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** `otherAlg`: the header is well formed but names another algorithm (a public-key token may still verify). */
export type Hs256Outcome = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'invalid' | 'expired'; otherAlg?: true };

/** An HS256 signature in base64url without padding: 32 bytes, 43 characters. */
const SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

export function verifyHs256(token: string, key: KeyObject, nowMs = Date.now()): Hs256Outcome {
  const invalid = { ok: false, reason: 'invalid' } as const;
  const parts = token.split('.');
  if (parts.length !== 3) return invalid;
  const [head, body, signature] = parts as [string, string, string];
  const header = jsonObject(head);
  if (!header) return invalid;
  if (header.alg !== 'HS256') return { ...invalid, otherAlg: true };
  // a header the token's signer may use (`typ`, `kid`) is fine; `crit` names extensions this server does not know
  if ('crit' in header) return invalid;
  if (!SIGNATURE.test(signature)) return invalid;
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest();
  if (!timingSafeEqual(Buffer.from(signature, 'base64url'), expected)) return invalid;
  const payload = jsonObject(body);
  if (!payload) return invalid;
  const now = Math.floor(nowMs / 1000);
  for (const claim of ['exp', 'nbf', 'iat']) if (claim in payload && typeof payload[claim] !== 'number') return invalid;
  if (typeof payload.nbf === 'number' && payload.nbf > now) return invalid;
  if (typeof payload.exp === 'number' && payload.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}

/** A base64url segment holding a JSON object, or null. */
function jsonObject(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
