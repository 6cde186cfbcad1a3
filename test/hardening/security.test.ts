/**
 * Security checks (issue "Hardening"): algorithm confusion and unsigned tokens, CORS
 * closed by default in production and configurable, room passwords stored as scrypt
 * hashes, and no secret in logs or error replies.
 */
import { generateKeyPairSync, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SignJWT, importPKCS8 } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';
import { TestClient } from '../support/client.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const servers: TestServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.close())));

async function refusedWith(server: TestServer, token: string): Promise<string> {
  try {
    const c = await TestClient.connect(server, { token, id: 'x', name: 'x' });
    c.close();
    return 'accepted';
  } catch (e) {
    return (e as Error).message;
  }
}

/** An RSA key pair: the public key as PEM (JWT_PUBLIC_KEY), the private key for signing RS256. */
async function rsaKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const priv = await importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256');
  return { pub, priv };
}

describe('tokens', () => {
  it('accepts RS256 tokens from the configured public key and refuses none, HS256-with-the-public-key and foreign keys', async () => {
    const { pub, priv } = await rsaKeys();
    const server = await TestServer.start({ env: { JWT_SECRET: undefined, JWT_PUBLIC_KEY: pub, GUEST_LOGIN: 'false', NODE_ENV: 'production' } });
    servers.push(server);
    const good = await new SignJWT({ name: 'Ext', roles: ['host'] }).setProtectedHeader({ alg: 'RS256' }).setSubject('ext_1').setExpirationTime(now() + 600).sign(priv);
    const c = await TestClient.connect(server, { token: good, id: 'ext_1', name: 'Ext' });
    expect(c.connected.roles).toEqual(['host']);
    c.close();
    // HS/RS confusion: an HS256 token whose secret is the public key PEM
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const body = b64({ sub: 'evil', name: 'evil', roles: ['admin'], exp: now() + 600 });
    const confused = `${header}.${body}.${createHmac('sha256', pub).update(`${header}.${body}`).digest('base64url')}`;
    expect(await refusedWith(server, confused)).toBe('AUTH_INVALID');
    expect(await refusedWith(server, `${b64({ alg: 'none', typ: 'JWT' })}.${body}.`)).toBe('AUTH_INVALID');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const foreign = await new SignJWT({ name: 'x' }).setProtectedHeader({ alg: 'RS256' }).setSubject('x').setExpirationTime(now() + 600).sign(await importPKCS8(other.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256'));
    expect(await refusedWith(server, foreign)).toBe('AUTH_INVALID');
    // production with only a public key does not hand out guest tokens
    expect((await fetch(`${server.url}/auth/guest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' })).status).toBe(404);
  });

  it('with both a secret and a public key, accepts HS256 tokens of the secret and RS256 tokens of the key, and nothing crossed', async () => {
    const { pub, priv } = await rsaKeys();
    const secret = 'both-keys-secret-0123456789abcdef0123456789';
    const server = await TestServer.start({ env: { JWT_SECRET: secret, JWT_PUBLIC_KEY: pub } });
    servers.push(server);
    const rs = await new SignJWT({ name: 'Ext' }).setProtectedHeader({ alg: 'RS256' }).setSubject('ext_2').setExpirationTime(now() + 600).sign(priv);
    const hs = await new SignJWT({ name: 'Own' }).setProtectedHeader({ alg: 'HS256' }).setSubject('own_2').setExpirationTime(now() + 600).sign(new TextEncoder().encode(secret));
    for (const [token, id] of [[rs, 'ext_2'], [hs, 'own_2']] as const) {
      const c = await TestClient.connect(server, { token, id, name: id });
      expect(c.connected.user_id).toBe(id);
      c.close();
    }
    // an RS256 header over an HMAC of the secret, and an ES256 header (not the key's algorithm)
    const body = b64({ sub: 'evil', name: 'evil', exp: now() + 600 });
    const rsHead = b64({ alg: 'RS256', typ: 'JWT' });
    expect(await refusedWith(server, `${rsHead}.${body}.${createHmac('sha256', secret).update(`${rsHead}.${body}`).digest('base64url')}`)).toBe('AUTH_INVALID');
    expect(await refusedWith(server, `${b64({ alg: 'ES256' })}.${body}.${'A'.repeat(86)}`)).toBe('AUTH_INVALID');
    const expiredHs = await new SignJWT({ name: 'Old' }).setProtectedHeader({ alg: 'HS256' }).setSubject('old_2').setExpirationTime(now() - 10).sign(new TextEncoder().encode(secret));
    expect(await refusedWith(server, expiredHs)).toBe('AUTH_EXPIRED');
  });
});

describe('CORS', () => {
  it('is closed by default in production and opens only to the configured origins', async () => {
    const closed = await TestServer.start({ env: { NODE_ENV: 'production' } });
    const open = await TestServer.start({ env: { NODE_ENV: 'production', CORS_ORIGINS: 'https://play.example' } });
    servers.push(closed, open);
    const ask = (s: TestServer, origin: string) => fetch(`${s.url}/api/rooms`, { headers: { origin } });
    expect((await ask(closed, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await ask(open, 'https://play.example')).headers.get('access-control-allow-origin')).toBe('https://play.example');
    expect((await ask(open, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const polling = await fetch(`${closed.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
    expect(polling.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('secrets', () => {
  it('stores room passwords as salted scrypt hashes and keeps tokens, passwords and chat text out of logs and replies', async () => {
    const server = await TestServer.start({ env: { LOG_LEVEL: 'debug', RATE_LIMIT_SCALE: '100' } });
    servers.push(server);
    const r = await fetch(`${server.url}/auth/guest`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Sec"}' });
    const g = await r.json();
    const c = await TestClient.connect(server, { token: g.token, id: g.user.id, name: 'Sec' });
    const password = 'hunter2-Very-Secret-Pw';
    const { room } = await c.ok('create_room', { game_type: 'chat', password });
    await c.ok('send_message', { room_id: room.room_id, text: 'my private chat text 0xC0FFEE' });
    const bad = await c.err('join_room', { room_id: 'nope', password });
    expect(JSON.stringify(bad)).not.toContain(password);
    await c.err('refresh_token', { token: `${g.token}x` });
    c.close();
    await server.stop();
    for (const secret of [password, 'my private chat text 0xC0FFEE', g.token, server.secret]) expect(server.output).not.toContain(secret);
    const db = new Database(path.join(server.dataDir, 'parlor.sqlite'), { readonly: true });
    const row = db.prepare('select data from rooms where room_id = ?').get(room.room_id) as { data: string };
    db.close();
    const stored = JSON.parse(row.data);
    expect(row.data).not.toContain(password);
    expect(stored.password_hash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/);
    expect(fs.existsSync(server.dataDir)).toBe(true);
  });
});
