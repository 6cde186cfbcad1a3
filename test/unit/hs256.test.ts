/** HS256 verification with node:crypto (src/transport/hs256.ts), checked against jose as the reference. */
import { createSecretKey } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyHs256, type Hs256Outcome } from '../../src/transport/hs256.js';

const secret = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes-long');
const key = createSecretKey(secret);
const other = createSecretKey(new TextEncoder().encode('another-secret-of-at-least-32-bytes-long'));
const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

async function sign(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(secret);
}

/** What jose makes of the same token: the outcome verifyHs256 must match. */
async function reference(token: string): Promise<Hs256Outcome> {
  try {
    return { ok: true, payload: (await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload as Record<string, unknown> };
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

/** A token with the given parts, signed with the test secret over exactly those parts. */
async function forge(head: string, body: string): Promise<string> {
  const { createHmac } = await import('node:crypto');
  return `${head}.${body}.${createHmac('sha256', key).update(`${head}.${body}`).digest('base64url')}`;
}

describe('verifyHs256', () => {
  it('agrees with jose on valid, expired, not-yet-valid, mistyped, tampered, foreign and malformed tokens', async () => {
    const good = await sign({ sub: 'u1', name: 'Ann', roles: ['host'], exp: now() + 60, iat: now() });
    const [h, p, s] = good.split('.') as [string, string, string];
    const tokens: Record<string, string> = {
      good,
      'no exp': await sign({ sub: 'u1' }),
      expired: await sign({ sub: 'u1', exp: now() - 1 }),
      'expires this second': await sign({ sub: 'u1', exp: now() }),
      'nbf ahead': await sign({ sub: 'u1', nbf: now() + 60, exp: now() + 120 }),
      'nbf passed': await sign({ sub: 'u1', nbf: now() - 60, exp: now() + 120 }),
      'exp as a string': await sign({ sub: 'u1', exp: String(now() + 60) }),
      'iat as a string': await sign({ sub: 'u1', iat: 'yesterday' }),
      'crit header': await forge(b64({ alg: 'HS256', crit: ['x'], x: 1 }), b64({ sub: 'u1' })),
      'kid header': await sign({ sub: 'u1' }, { alg: 'HS256', kid: 'k1' }),
      'payload swapped': `${h}.${b64({ sub: 'admin', roles: ['admin'], exp: now() + 60 })}.${s}`,
      'alg none': `${b64({ alg: 'none' })}.${p}.`,
      'alg HS512 header on an HS256 signature': `${b64({ alg: 'HS512' })}.${p}.${s}`,
      'signature with another secret': await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'HS256' }).sign(other.export()),
      'signature cut': `${h}.${p}.${s.slice(0, -2)}`,
      'signature with a character more': `${h}.${p}.${s}A`,
      'two parts': `${h}.${p}`,
      'four parts': `${good}.x`,
      'payload an array': await forge(b64({ alg: 'HS256' }), b64([1, 2])),
      'payload not JSON': await forge(b64({ alg: 'HS256' }), Buffer.from('{nope').toString('base64url')),
      'header not base64url': await forge('$$$', p),
      empty: '',
    };
    for (const [name, token] of Object.entries(tokens)) {
      const expected = await reference(token);
      const got = verifyHs256(token, key);
      expect({ name, ok: got.ok }).toEqual({ name, ok: expected.ok });
      if (got.ok && expected.ok) expect(got.payload).toEqual(expected.payload);
      if (!got.ok && !expected.ok) expect({ name, reason: got.reason }).toEqual({ name, reason: expected.reason });
    }
    expect(verifyHs256(good, key)).toMatchObject({ ok: true, payload: { sub: 'u1', name: 'Ann', roles: ['host'] } });
    expect(verifyHs256(tokens.expired!, key)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a signature made with a non-canonical last character (same bytes, other text)', async () => {
    const good = await sign({ sub: 'u1' });
    const [h, p, s] = good.split('.') as [string, string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // the last of 43 characters carries 4 bits: the next character decodes to the same 32 bytes
    const twin = `${s.slice(0, -1)}${alphabet[alphabet.indexOf(s.at(-1)!) + 1]}`;
    expect(Buffer.from(twin, 'base64url').equals(Buffer.from(s, 'base64url'))).toBe(true);
    expect(verifyHs256(`${h}.${p}.${twin}`, key)).toEqual({ ok: false, reason: 'invalid' });
  });
});
